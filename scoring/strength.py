"""Tie-strength maths: base weights, decay with a half-life, saturation to [0, 1),
reciprocity, and the parameters every scoring query takes.

Mass decays as `mass(t) = Σ wᵢ · 2^(−(t − tᵢ)/h)`. The graph stores, per tie,
`m = Σ wᵢ · 2^((tᵢ − E)/h)` for a fixed epoch E, so one event updates it in O(1) (add one
term) and a query evaluates the exact decayed mass at its own instant t as
`m · 2^((E − t)/h)`. `strength = 1 − exp(−mass / k)`. See `docs/scoring.md`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
EPOCH_UNIX = EPOCH.timestamp()
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
    # What one side's unconfirmed claims may count on one tie, as base weight counted (two
    # confirmed meetings' worth): first recorded, first counted; a confirmation frees its
    # share and counts the claim in full.
    unconfirmed_cap: float = 2.0
    weights: dict[str, float] = field(default_factory=_default_weights)
    # Reciprocity: factor in [reciprocity_min, 1] from the giving both ways on a tie.
    reciprocity_min: float = 0.5
    reciprocity_prior: float = 3.0  # pseudo-mass added to both sides (one help's weight)
    # Influence job.
    pagerank_damping: float = 0.85
    pagerank_tolerance: float = 1e-10
    pagerank_max_iterations: int = 200
    betweenness_exact_max_nodes: int = 5_000  # above this, betweenness is sampled
    betweenness_samples: int = 128  # pivots when sampled
    betweenness_seed: int = 7
    # Fading ties: ties that once were strong and have lost a share of it.
    fading_min_peak: float = 0.3
    fading_min_drop: float = 0.25  # (peak − now) / peak

    @property
    def half_life_seconds(self) -> float:
        return self.half_life_days * SECONDS_PER_DAY

    def params(self, at: datetime) -> dict[str, float]:
        """The parameters every scoring query takes, for evaluation at instant `at`."""
        return {
            "t": at.timestamp(),
            "epochUnix": EPOCH_UNIX,
            "halfLife": self.half_life_seconds,
            "k": self.saturation_k,
            "oneSided": self.one_sided_factor,
        }


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


def decay(weight: float, happened: datetime, at: datetime, settings: ScoringSettings = DEFAULT
          ) -> float:
    """What a weight recorded at `happened` is worth at `at` (0 for events after `at`)."""
    if happened > at:
        return 0.0
    return weight * 2.0 ** ((happened - at).total_seconds() / settings.half_life_seconds)


def strength_from_mass(mass: float, settings: ScoringSettings = DEFAULT) -> float:
    return 1.0 - math.exp(-max(mass, 0.0) / settings.saturation_k)


def strength(m: float, at: datetime, settings: ScoringSettings = DEFAULT) -> float:
    """Tie strength in [0, 1) at `at`, from the stored epoch mass."""
    return strength_from_mass(decayed_mass(m, at, settings), settings)


def reciprocity(given_ab: float, given_ba: float, settings: ScoringSettings = DEFAULT) -> float:
    """Factor in [r_min, 1] from the (decayed) giving mass each way on a tie.

    `balance = (min + c) / (max + c)` with the prior c, so a tie with no giving, or with
    giving both ways in equal measure, is fully trusted (1), and one where one side only
    takes tends to r_min as the one-way giving grows.
    """
    low, high = sorted((max(given_ab, 0.0), max(given_ba, 0.0)))
    prior = settings.reciprocity_prior
    balance = (low + prior) / (high + prior)
    return settings.reciprocity_min + (1.0 - settings.reciprocity_min) * balance


def hop_warmth(strength_: float, reciprocity_: float) -> float:
    """How much a hop contributes to a path's warmth (a product over hops)."""
    return strength_ * reciprocity_
