"""A person's relationship portfolio: the personal / functional / strategic mix (by count
and by strength) and the strongest strategic ties, as of an instant. A tie's kind is its
latest classification, counted from when it was made (`unclassified` before)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from graph.reads import GraphReads
from reads.fading import TieHistory, tie_histories
from scoring.order import rank
from scoring.strength import DEFAULT, ScoringSettings

KINDS = ("personal", "functional", "strategic", "unclassified")


@dataclass(frozen=True)
class Share:
    kind: str
    ties: int
    strength: float  # sum of strengths
    share: float  # of the total strength (0 when the person has no ties)


@dataclass(frozen=True)
class Portfolio:
    at: datetime
    mix: list[Share]
    strongest_strategic: list[TieHistory]


def portfolio_of(ties: list[TieHistory], at: datetime, top: int = 5) -> Portfolio:
    total = sum(t.strength for t in ties)
    mix = []
    for kind in KINDS:
        mine = [t for t in ties if (t.kind or "unclassified") == kind]
        strength = sum(t.strength for t in mine)
        mix.append(Share(kind, len(mine), strength, strength / total if total else 0.0))
    strategic = sorted((t for t in ties if t.kind == "strategic"),
                       key=lambda t: (-rank(t.strength), t.id))
    return Portfolio(at, mix, strategic[:top])


async def portfolio(reads: GraphReads, person: str, top: int = 5,
                    as_of: datetime | None = None, settings: ScoringSettings = DEFAULT
                    ) -> Portfolio:
    at = as_of or datetime.now(UTC)
    return portfolio_of(await tie_histories(reads, person, at, settings), at, top)
