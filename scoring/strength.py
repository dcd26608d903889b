"""Tie-strength maths: base weights, decay with a half-life, saturation to [0, 1),
reciprocity, and the parameters every scoring query takes.

Mass decays as `mass(t) = Σ wᵢ · 2^(−(t − tᵢ)/h)`. The graph stores, per tie,
`m = Σ wᵢ · 2^((tᵢ − E)/h)` for a fixed epoch E, so one event updates it in O(1) (add one
term) and a query evaluates the exact decayed mass at its own instant t as
`m · 2^((E − t)/h)`. `strength = 1 − exp(−mass / k)`. See `docs/scoring.md`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
EPOCH_UNIX = EPOCH.timestamp()
SECONDS_PER_DAY = 86_400.0

# Event kinds that flow from one side of a tie to the other (giving); used by reciprocity.
GIVING_KINDS = frozenset({"helped", "referred", "referral_closed"})


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


# --- A pure ledger of one tie: the reference the graph queries are tested against. ---


class UnconfirmableThanks(ValueError):
    """A thank-you names no help of this tie given by the thanked person."""


@dataclass(frozen=True)
class TieEvent:
    """One event of the pair (a, b). `giver` is the helper / referrer / the thanked person's
    counterpart: for `thanked`, `giver` is the thanker and `receiver` the one thanked.
    `confirms` names the event a thank-you or confirmation confirms."""

    id: str
    kind: str  # a key of the weights, or "confirmed" (adds no weight of its own)
    at: datetime
    giver: str | None = None
    receiver: str | None = None
    confirmed: bool = True
    confirms: str | None = None


def _validated(events: Iterable[TieEvent]) -> list[TieEvent]:
    events = list(events)
    by_id = {event.id: event for event in events}
    for event in events:
        if event.kind == "thanked":
            named = by_id.get(event.confirms or "")
            if named is None or named.kind != "helped" or named.giver != event.receiver:
                raise UnconfirmableThanks(
                    f"thanks {event.id} names no help given by {event.receiver}"
                )
    return events


def _confirmed_ids(events: list[TieEvent]) -> set[str]:
    return {e.confirms for e in events if e.kind in ("thanked", "confirmed") and e.confirms}


def tie_mass(events: Iterable[TieEvent], at: datetime,
             settings: ScoringSettings = DEFAULT) -> float:
    """Decayed mass at `at` of the events known at `at`; independent of arrival order
    (`math.fsum` is exactly rounded, so the order of the terms does not matter)."""
    known = [e for e in _validated(events) if e.at <= at]
    confirmed = _confirmed_ids(known)
    return math.fsum(
        decay(event_weight(e.kind, e.confirmed or e.id in confirmed, settings), e.at, at,
              settings)
        for e in known
        if e.kind != "confirmed"
    )


def tie_strength(events: Iterable[TieEvent], at: datetime,
                 settings: ScoringSettings = DEFAULT) -> float:
    return strength_from_mass(tie_mass(events, at, settings), settings)


def tie_giving(events: Iterable[TieEvent], giver: str, at: datetime,
               settings: ScoringSettings = DEFAULT) -> float:
    """Decayed giving mass from `giver` to the other side (help and referrals)."""
    known = [e for e in _validated(events) if e.at <= at]
    confirmed = _confirmed_ids(known)
    return math.fsum(
        decay(event_weight(e.kind, e.confirmed or e.id in confirmed, settings), e.at, at,
              settings)
        for e in known
        if e.kind in GIVING_KINDS and e.giver == giver
    )


def tie_reciprocity(events: Iterable[TieEvent], a: str, b: str, at: datetime,
                    settings: ScoringSettings = DEFAULT) -> float:
    events = list(events)
    return reciprocity(tie_giving(events, a, at, settings), tie_giving(events, b, at, settings),
                       settings)


class EpochTie:
    """The O(1)-per-event fold the projector performs, in memory: events may arrive in any
    order (a confirmation before the claim it confirms)."""

    def __init__(self, settings: ScoringSettings = DEFAULT) -> None:
        self.settings = settings
        self.m = 0.0
        self._claims: dict[str, TieEvent] = {}  # unconfirmed claims, by id
        self._confirmed: set[str] = set()  # ids confirmed, claim seen or not

    def apply(self, event: TieEvent) -> None:
        s = self.settings
        if event.kind == "thanked" or event.kind == "confirmed":
            if event.kind == "thanked":
                self.m += epoch_mass(event_weight("thanked", True, s), event.at, s)
            named = event.confirms
            if named and named not in self._confirmed:
                self._confirmed.add(named)
                claim = self._claims.pop(named, None)
                if claim is not None:  # top the claim up to its full weight
                    full, half = event_weight(claim.kind, True, s), event_weight(claim.kind,
                                                                                 False, s)
                    self.m += epoch_mass(full - half, claim.at, s)
            return
        confirmed = event.confirmed or event.id in self._confirmed
        if not confirmed:
            self._claims[event.id] = event
        self.m += epoch_mass(event_weight(event.kind, confirmed, s), event.at, s)

    def strength(self, at: datetime) -> float:
        return strength(self.m, at, self.settings)
