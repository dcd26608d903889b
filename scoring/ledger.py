"""A pure ledger of one tie: the reference the graph queries and the projector's fold are
tested against. Events of one pair in any order give the same mass, strength and giving."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from scoring.strength import (
    DEFAULT,
    ScoringSettings,
    decay,
    epoch_mass,
    event_weight,
    reciprocity,
    strength,
    strength_from_mass,
)

# Event kinds that flow from one side of a tie to the other (giving); used by reciprocity.
GIVING_KINDS = frozenset({"helped", "referred", "referral_closed"})

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


def _decayed(events: Iterable[TieEvent], at: datetime, settings: ScoringSettings,
             counts: Callable[[TieEvent], bool]) -> float:
    """Σ decayed weight at `at` of the events known at `at` that `counts`; a claim counts
    fully once confirmed by then."""
    known = [e for e in _validated(events) if e.at <= at]
    confirmed = _confirmed_ids(known)
    return math.fsum(
        decay(event_weight(e.kind, e.confirmed or e.id in confirmed, settings), e.at, at,
              settings)
        for e in known if counts(e))


def tie_mass(events: Iterable[TieEvent], at: datetime,
             settings: ScoringSettings = DEFAULT) -> float:
    """Decayed mass at `at` of the events known at `at`; independent of arrival order
    (`math.fsum` is exactly rounded, so the order of the terms does not matter)."""
    return _decayed(events, at, settings, lambda e: e.kind != "confirmed")


def tie_strength(events: Iterable[TieEvent], at: datetime,
                 settings: ScoringSettings = DEFAULT) -> float:
    return strength_from_mass(tie_mass(events, at, settings), settings)


def tie_giving(events: Iterable[TieEvent], giver: str, at: datetime,
               settings: ScoringSettings = DEFAULT) -> float:
    """Decayed giving mass from `giver` to the other side (help and referrals)."""
    return _decayed(events, at, settings,
                    lambda e: e.kind in GIVING_KINDS and e.giver == giver)


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
