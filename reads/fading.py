"""Fading ties: strong ties going cold — whom to call this week.

A tie's strength can only peak at one of its deposits (between deposits it decays), so its
peak up to t is the largest of `1 − exp(−M_i · 2^((E − t_i)/h) / k)` over deposits in time
order, M_i the running epoch mass: one pass over the deposits, no replay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from graph.reads import GraphReads
from reads.asof import kind_as_of
from scoring.order import rank
from scoring.strength import DEFAULT, EPOCH_UNIX, ScoringSettings, strength_from_mass
from scoring.tie_fold import fold_row


@dataclass(frozen=True)
class TieHistory:
    """One tie of a person, as of an instant."""

    id: str  # the other person
    name: str | None
    kind: str | None
    strength: float
    peak: float
    peak_at: datetime | None
    last_at: datetime | None


def _mass_at(m: float, t: float, settings: ScoringSettings) -> float:
    return m * 2.0 ** ((EPOCH_UNIX - t) / settings.half_life_seconds)


def history(row: dict, t: float, settings: ScoringSettings = DEFAULT) -> TieHistory:
    """Strength at t, and its peak up to t, from the tie's deposits `[{at, m}]`."""
    running, peak, peak_at = 0.0, 0.0, None
    for deposit in sorted(row["deposits"], key=lambda d: d["at"]):
        running += deposit["m"]
        value = strength_from_mass(_mass_at(running, deposit["at"], settings), settings)
        if value > peak:
            peak, peak_at = value, datetime.fromtimestamp(deposit["at"], UTC)
    return TieHistory(
        row["id"], row["name"], row.get("kind"),
        strength_from_mass(_mass_at(running, t, settings), settings), peak, peak_at,
        row.get("lastAt"),
    )


async def tie_histories(reads: GraphReads, person: str, at: datetime,
                        settings: ScoringSettings = DEFAULT) -> list[TieHistory]:
    records = await reads.rows("tie_deposits", person=person, t=at.timestamp())
    return [history({**r, "kind": kind_as_of(r, at), "deposits": _deposits(r, at, settings)},
                    at.timestamp(), settings)
            for r in records]


def _deposits(row: dict, at: datetime, settings: ScoringSettings) -> list[dict[str, float]]:
    """The tie's deposits as of `at`, each dated at its event (epoch seconds)."""
    return [{"at": d.at.timestamp(), "m": d.m} for d in fold_row(row, at, None, settings).deposits]


@dataclass(frozen=True)
class FadingTie:
    tie: TieHistory

    @property
    def drop(self) -> float:
        return self.tie.peak - self.tie.strength


def fading(ties: list[TieHistory], limit: int, settings: ScoringSettings = DEFAULT
           ) -> list[FadingTie]:
    """Ties that once reached `fading_min_peak` and lost at least `fading_min_drop` of
    their peak, the largest loss first."""
    chosen = [
        FadingTie(t) for t in ties
        if t.peak >= settings.fading_min_peak
        and (t.peak - t.strength) >= settings.fading_min_drop * t.peak
    ]
    chosen.sort(key=lambda f: (-rank(f.drop), -rank(f.tie.peak), f.tie.id))
    return chosen[:limit]


async def fading_ties(reads: GraphReads, person: str, limit: int = 10,
                      as_of: datetime | None = None, settings: ScoringSettings = DEFAULT
                      ) -> list[FadingTie]:
    at = as_of or datetime.now(UTC)
    return fading(await tie_histories(reads, person, at, settings), limit, settings)
