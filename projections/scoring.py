"""Tie-strength maths: base weights, decay with a half-life, saturation to [0, 1).

Mass decays as `mass(t) = Σ wᵢ · 2^(−(t − tᵢ)/h)`. The graph stores, per tie,
`m = Σ wᵢ · 2^((tᵢ − E)/h)` for a fixed epoch E, so one event updates it in O(1) (add one
term) and a query evaluates the exact decayed mass at its own instant t as
`m · 2^((E − t)/h)`. `strength = 1 − exp(−mass / k)`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
SECONDS_PER_DAY = 86_400.0


def _default_weights() -> dict[str, float]:
    return {
        "met": 1.0,
        "helped": 3.0,
        "introduced": 2.0,
        "referred": 3.0,
        "referral_closed": 5.0,
        "thanked": 1.0,
        "imported": 0.5,
        "connected": 0.0,  # a bare "we met" connection: the Met event carries the weight
    }


@dataclass(frozen=True)
class ScoringSettings:
    """Every tunable number of the scoring in one place."""

    half_life_days: float = 180.0
    saturation_k: float = 5.0  # mass at which strength reaches 1 − 1/e ≈ 0.63
    one_sided_factor: float = 0.5  # an unconfirmed claim counts half until confirmed
    weights: dict[str, float] = field(default_factory=_default_weights)

    @property
    def half_life_seconds(self) -> float:
        return self.half_life_days * SECONDS_PER_DAY


DEFAULT = ScoringSettings()


def seconds_since_epoch(at: datetime) -> float:
    return (at - EPOCH).total_seconds()


def event_weight(kind: str, confirmed: bool = True, settings: ScoringSettings = DEFAULT) -> float:
    """Base weight of one event of `kind` (a key of `settings.weights`)."""
    weight = settings.weights[kind]
    return weight if confirmed else weight * settings.one_sided_factor


def epoch_mass(weight: float, at: datetime, settings: ScoringSettings = DEFAULT) -> float:
    """The term one event adds to a tie's stored `m`: w · 2^((t − E)/h)."""
    return weight * 2.0 ** (seconds_since_epoch(at) / settings.half_life_seconds)


def decayed_mass(m: float, at: datetime, settings: ScoringSettings = DEFAULT) -> float:
    """The exact mass at instant `at` of a tie whose stored epoch mass is `m`."""
    return m * 2.0 ** (-seconds_since_epoch(at) / settings.half_life_seconds)


def strength_from_mass(mass: float, settings: ScoringSettings = DEFAULT) -> float:
    return 1.0 - math.exp(-max(mass, 0.0) / settings.saturation_k)


def strength(m: float, at: datetime, settings: ScoringSettings = DEFAULT) -> float:
    """Tie strength in [0, 1) at `at`, from the stored epoch mass."""
    return strength_from_mass(decayed_mass(m, at, settings), settings)
