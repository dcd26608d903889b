"""Time travel on the graph: ties and ledgers as they were at an instant, replayed from the
dated event-level edges of each tie (`scoring/tie_fold.py`): whatever happened after the
instant does not count, and one side's claims count as the cap allowed them by then."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.base import EARLIEST_AT
from graph.reads import GraphReads, SyncGraphReads
from scoring.order import rank
from scoring.strength import DEFAULT, ScoringSettings, decayed_mass, strength_from_mass
from scoring.tie_fold import fold_row, known_by


@dataclass(frozen=True)
class TieAsOf:
    person: str
    other: str
    relationship: str
    as_of: datetime
    epoch_mass: float  # Σ counted epoch masses up to as_of (comparable to KNOWS.m)
    mass: float  # decayed mass at as_of
    strength: float
    interactions: int
    since: datetime | None
    last_at: datetime | None
    kind: str | None  # as classified at as_of (`kind_as_of`)
    given: int  # helps and referrals person → other up to as_of
    received: int


@dataclass(frozen=True)
class LedgerAsOf:
    person: str
    as_of: datetime
    given: int
    received: int


def kind_as_of(record: Any, t: datetime) -> str | None:
    """The tie's kind at t: of its classifications made by t, the one of the latest instant
    (equal instants: the one recorded last); None before any. Ties projected before the
    classifications were kept apart carry only their latest one."""
    kinds, kinds_at = record.get("kinds"), record.get("kinds_at")
    if kinds is None:
        kinds, kinds_at = [record.get("kind")], [record.get("classified_at")]
    kind, latest = None, None
    for value, at in zip(kinds, kinds_at, strict=True):
        at = EARLIEST_AT if at is None else at  # undated: a graph written by hand
        if at <= t and (latest is None or at >= latest):
            kind, latest = value, at
    return kind


def _tie(record: Any, person: str, t: datetime, settings: ScoringSettings,
         known_at: datetime | None = None) -> TieAsOf | None:
    """The tie at t, as the events recorded by `known_at` (default: all) tell it."""
    since = record["since"]
    if since is not None and since > t:
        return None  # they did not know each other yet
    folded = fold_row(record, t, known_at, settings)
    if known_at is not None:
        if folded.first is None:
            return None  # nothing of theirs was recorded yet
        since = folded.first
    given = received = 0
    for edge in record["edges"]:
        if edge["type"] in ("HELPED", "REFERRED") and edge["at"] <= t \
                and known_by(edge["recorded_at"], known_at):
            if edge["outgoing"]:
                given += 1
            else:
                received += 1
    total = folded.m
    mass = decayed_mass(total, t, settings)
    return TieAsOf(
        person=person, other=record["other"], relationship=record["relationship"], as_of=t,
        epoch_mass=total, mass=mass, strength=strength_from_mass(mass, settings),
        interactions=folded.interactions, since=since, last_at=folded.last_at,
        kind=kind_as_of(record, t),
        given=given, received=received,
    )


def ties_as_of(reads: SyncGraphReads, person: str, as_of: datetime, other: str | None = None,
               settings: ScoringSettings = DEFAULT) -> list[TieAsOf]:
    """The ties `person` had at `as_of`, strongest first."""
    records = reads.rows("asof_ties", person=person, other=other)
    ties = [tie for r in records if (tie := _tie(r, person, as_of, settings)) is not None]
    return sorted(ties, key=lambda tie: (-rank(tie.mass), tie.other))


TieKey = tuple[str, str, datetime, datetime | None]  # person, other, as of, known at


async def ties_of_pairs_as_of(reads: GraphReads, keys: list[TieKey],
                              settings: ScoringSettings = DEFAULT) -> list[TieAsOf | None]:
    """The tie of each (person, other, instant, known at), None where they did not know
    each other yet: one round trip for them all (the API's dataloader)."""
    if not keys:
        return []
    records = await reads.rows("asof_ties_of_pairs", pairs=[[a, b] for a, b, _, _ in keys])
    found: list[TieAsOf | None] = [None] * len(keys)
    for record in records:
        person, _, t, known_at = keys[record["key"]]
        found[record["key"]] = _tie(record, person, t, settings, known_at)
    return found


def tie_as_of(reads: SyncGraphReads, a: str, b: str, as_of: datetime,
              settings: ScoringSettings = DEFAULT) -> TieAsOf | None:
    """The tie between `a` and `b` at `as_of` (None when they did not know each other)."""
    ties = ties_as_of(reads, a, as_of, other=b, settings=settings)
    return ties[0] if ties else None


def ledger_as_of(reads: SyncGraphReads, person: str, as_of: datetime) -> LedgerAsOf | None:
    rows = reads.rows("asof_ledger", keys=[{"person": person, "asOf": as_of}])
    if not rows:
        return None
    record = rows[0]
    return LedgerAsOf(person, as_of, record["given"], record["received"])
