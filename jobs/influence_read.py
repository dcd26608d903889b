"""What the influence job reads from the graph, as integer-indexed arrays: every person
(numbered by sorted id), every tie and each person's giving balance.

Now (`read_now`): one row per person with their ties as lists (`jobs/influence_people`),
streamed with a large fetch size; per-row records, not per-tie ones, are what keeps 1.27M
ties to seconds. Ties projected before KNOWS kept `g_ab`/`g_ba` get their giving from one
scan of the giving edges (`jobs/influence_giving_pairs`). As of a past instant: the per-tie
statements that re-sum every deposit (`jobs/influence_ties_as_of`, `influence_giving`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from neo4j import READ_ACCESS, AsyncDriver, Driver

import cypher
from projections.centrality import TieArrays
from projections.scoring import ScoringSettings

Progress = Callable[[str, int, int], None]  # (stage, done, total)
FETCH_SIZE = 10_000  # records per pull: fewer round trips than the driver's 1,000
PROGRESS_EVERY = 5_000  # rows between progress reports
# the server warns of g_ab/g_ba while no KNOWS has them yet (a graph projected before)
SESSION = {"default_access_mode": READ_ACCESS, "fetch_size": FETCH_SIZE,
           "notifications_disabled_classifications": ["UNRECOGNIZED"]}
GIVING_FIELDS = ("given", "received", "givenValue", "receivedValue")


@dataclass(frozen=True)
class Snapshot:
    """The graph as the job sees it: person i is `ids[i]` (sorted ids)."""

    ids: list[str]
    ties: TieArrays
    giving: list[dict[str, Any]]  # per person: given, received, givenValue, receivedValue


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def _stream(driver: Driver, name: str, params: dict[str, Any], progress: Progress,
            total: int) -> list[list[Any]]:
    def work(tx: Any) -> list[list[Any]]:
        rows = []
        for row in tx.run(cypher.load(name), params):
            rows.append(row.values())
            if len(rows) % PROGRESS_EVERY == 0:
                progress("reading", len(rows), total)
        return rows

    with driver.session(**SESSION) as session:
        return session.execute_read(work)


def read_now(driver: Driver, at: datetime, settings: ScoringSettings,
             progress: Progress = _quiet) -> Snapshot:
    """Everyone's ties and giving now (everything recorded counts)."""
    records, _, _ = driver.execute_query(cypher.load("jobs/influence_people_count"),
                                         routing_="r")
    total = records[0]["people"]
    params = settings.params(at)
    people = _stream(driver, "jobs/influence_people", params, progress, total)
    snapshot = _from_people(people)
    if np.isnan(snapshot.ties.given_ab).any() or np.isnan(snapshot.ties.given_ba).any():
        pairs = _stream(driver, "jobs/influence_giving_pairs", params, _quiet, total)
        snapshot = _with_giving_pairs(snapshot, pairs)
    progress("reading", total, total)
    return snapshot


def _from_people(rows: Sequence[Sequence[Any]]) -> Snapshot:
    """Rows of (id, others, strengths, givenAB, givenBA, given, received, givenValue,
    receivedValue) to a snapshot; ties to people not listed (forgotten) are dropped."""
    ids = sorted(row[0] for row in rows)
    index = {person: i for i, person in enumerate(ids)}
    giving: list[dict[str, Any]] = [{}] * len(ids)
    a: list[int] = []
    b: list[int] = []
    strength: list[float] = []
    given_ab: list[float | None] = []
    given_ba: list[float | None] = []
    for person, others, strengths, gab, gba, *counts in rows:
        i = index[person]
        giving[i] = dict(zip(GIVING_FIELDS, counts, strict=True))
        a.extend([i] * len(others))
        b.extend(index.get(other, -1) for other in others)
        strength.extend(strengths)
        given_ab.extend(gab)
        given_ba.extend(gba)
    ties = TieArrays.of(a, b, strength, given_ab, given_ba)  # a null giving becomes NaN
    return Snapshot(ids, ties.live(len(ids)), giving)


def _with_giving_pairs(snapshot: Snapshot, rows: Sequence[Sequence[Any]]) -> Snapshot:
    """Fill the ties' missing giving (NaN) from rows of (giver, receivers, given)."""
    n = len(snapshot.ids)
    index = {person: i for i, person in enumerate(snapshot.ids)}
    givers: list[int] = []
    receivers: list[int] = []
    masses: list[float] = []
    for giver, to, given in rows:
        givers.extend([index.get(giver, -1)] * len(to))
        receivers.extend(index.get(r, -1) for r in to)
        masses.extend(given)
    giver_of, receiver_of = np.asarray(givers, np.int64), np.asarray(receivers, np.int64)
    known = (giver_of >= 0) & (receiver_of >= 0)
    keys, inverse = np.unique(giver_of[known] * n + receiver_of[known], return_inverse=True)
    sums = np.bincount(inverse, weights=np.asarray(masses, np.float64)[known],
                       minlength=len(keys))

    def given(frm: np.ndarray, to: np.ndarray) -> np.ndarray:
        if len(keys) == 0:
            return np.zeros(len(frm))
        wanted = frm * n + to
        at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        return np.where(keys[at] == wanted, sums[at], 0.0)

    t = snapshot.ties
    ties = TieArrays(t.a, t.b, t.strength,
                     np.where(np.isnan(t.given_ab), given(t.a, t.b), t.given_ab),
                     np.where(np.isnan(t.given_ba), given(t.b, t.a), t.given_ba))
    return Snapshot(snapshot.ids, ties, snapshot.giving)


# --- as of a past instant: per-tie rows that re-sum every deposit dated by then ---

def from_tie_rows(tie_rows: Iterable[Any], giving_rows: Iterable[Any]) -> Snapshot:
    """Records of (a, b, strength, givenAB, givenBA) and of (id, given, received,
    givenValue, receivedValue) to a snapshot."""
    giving_by_id = {r["id"]: {f: r[f] for f in GIVING_FIELDS} for r in giving_rows}
    ids = sorted(giving_by_id)
    index = {person: i for i, person in enumerate(ids)}
    rows = [(index.get(r["a"], -1), index.get(r["b"], -1), r["strength"], r["givenAB"],
             r["givenBA"]) for r in tie_rows]
    ties = TieArrays.of(*(list(column) for column in zip(*rows, strict=True))) if rows \
        else TieArrays.of([], [], [], [], [])
    return Snapshot(ids, ties.live(len(ids)), [giving_by_id[p] for p in ids])


def read_as_of(driver: Driver, at: datetime, settings: ScoringSettings) -> Snapshot:
    ties, _, _ = driver.execute_query(cypher.load("jobs/influence_ties_as_of"),
                                      settings.params(at), routing_="r")
    giving, _, _ = driver.execute_query(cypher.load("jobs/influence_giving"),
                                        t=at.timestamp(), routing_="r")
    return from_tie_rows(ties, giving)


async def read_as_of_async(driver: AsyncDriver, at: datetime, settings: ScoringSettings
                           ) -> Snapshot:
    ties, _, _ = await driver.execute_query(cypher.load("jobs/influence_ties_as_of"),
                                            settings.params(at), routing_="r")
    giving, _, _ = await driver.execute_query(cypher.load("jobs/influence_giving"),
                                              t=at.timestamp(), routing_="r")
    return from_tie_rows(ties, giving)
