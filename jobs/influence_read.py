"""What the influence job reads from the graph, as integer-indexed arrays: every person
(numbered by sorted id), every tie and each person's giving balance.

Now (`read_now`): one row per person with their ties as lists (`jobs/influence_people`),
streamed with a large fetch size; per-row records, not per-tie ones, are what keeps 1.27M
ties to seconds. As of a past instant: the per-tie statements that re-sum every deposit
(`jobs/influence_ties_as_of`, `influence_giving`). Every read goes through `graph.reads`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import cypher
from graph.reads import GraphReads, SyncGraphReads
from jobs.centrality import TieArrays
from scoring.strength import ScoringSettings, decayed_mass, strength_from_mass
from scoring.tie_fold import fold_row

Progress = Callable[[str, int, int], None]  # (stage, done, total)
FETCH_SIZE = 10_000  # records per pull: fewer round trips than the driver's 1,000
PROGRESS_EVERY = 5_000  # rows between progress reports
GIVING_FIELDS = ("given", "received", "givenValue", "receivedValue")


@dataclass(frozen=True)
class Snapshot:
    """The graph as the job sees it: person i is `ids[i]` (sorted ids)."""

    ids: list[str]
    ties: TieArrays
    giving: list[dict[str, Any]]  # per person: given, received, givenValue, receivedValue


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def _stream(reads: SyncGraphReads, name: str, params: dict[str, Any], progress: Progress,
            total: int) -> list[list[Any]]:
    rows: list[list[Any]] = []
    with reads.result(name, cypher.load(name), params, fetch_size=FETCH_SIZE) as result:
        for row in result:
            rows.append(row.values())
            if len(rows) % PROGRESS_EVERY == 0:
                progress("reading", len(rows), total)
    return rows


def read_now(reads: SyncGraphReads, at: datetime, settings: ScoringSettings,
             progress: Progress = _quiet) -> Snapshot:
    """Everyone's ties and giving now (everything recorded counts)."""
    total = reads.rows("jobs/influence_people_count")[0]["people"]
    people = _stream(reads, "jobs/influence_people", settings.params(at), progress, total)
    progress("reading", total, total)
    return _from_people(people)


def _from_people(rows: Sequence[Sequence[Any]]) -> Snapshot:
    """Rows of (id, others, strengths, givenAB, givenBA, given, received, givenValue,
    receivedValue) to a snapshot; ties to people not listed (forgotten) are dropped."""
    ids = sorted(row[0] for row in rows)
    index = {person: i for i, person in enumerate(ids)}
    giving: list[dict[str, Any]] = [{}] * len(ids)
    a: list[int] = []
    b: list[int] = []
    strength: list[float] = []
    given_ab: list[float] = []
    given_ba: list[float] = []
    for person, others, strengths, gab, gba, *counts in rows:
        i = index[person]
        giving[i] = dict(zip(GIVING_FIELDS, counts, strict=True))
        a.extend([i] * len(others))
        b.extend(index.get(other, -1) for other in others)
        strength.extend(strengths)
        given_ab.extend(gab)
        given_ba.extend(gba)
    ties = TieArrays.of(a, b, strength, given_ab, given_ba)
    return Snapshot(ids, ties.live(len(ids)), giving)


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


def ties_as_of(raw_rows: Iterable[Any], at: datetime, settings: ScoringSettings
               ) -> list[dict[str, Any]]:
    """Raw ties (`jobs/influence_ties_as_of`) as (a, b, strength, givenAB, givenBA) at
    `at`: strength from what both sides vouched for, as the job reads now."""
    rows = []
    for raw in raw_rows:
        folded = fold_row(raw, at, None, settings)
        vouched = folded.m - folded.open_m
        if vouched <= 1e-9 * folded.m:
            continue
        rows.append({
            "a": raw["a"], "b": raw["b"],
            "strength": strength_from_mass(decayed_mass(vouched, at, settings), settings),
            "givenAB": decayed_mass(folded.given_by(raw["a"]), at, settings),
            "givenBA": decayed_mass(folded.given_by(raw["b"]), at, settings)})
    return rows


def read_as_of(reads: SyncGraphReads, at: datetime, settings: ScoringSettings) -> Snapshot:
    ties = reads.rows("jobs/influence_ties_as_of", t=at.timestamp())
    giving = reads.rows("jobs/influence_giving", t=at.timestamp())
    return from_tie_rows(ties_as_of(ties, at, settings), giving)


async def read_as_of_async(reads: GraphReads, at: datetime, settings: ScoringSettings
                           ) -> Snapshot:
    ties = await reads.rows("jobs/influence_ties_as_of", t=at.timestamp())
    giving = await reads.rows("jobs/influence_giving", t=at.timestamp())
    return from_tie_rows(ties_as_of(ties, at, settings), giving)
