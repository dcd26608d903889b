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
    `confirms` names the event a thank-you or confirmation confirms. An unconfirmed event
    is one side's word: `by` (default: `giver`) recorded it alone; an unconfirmed thank-you
    (for help the thanker recorded themself) confirms nothing."""

    id: str
    kind: str  # a key of the weights, or "confirmed" (adds no weight of its own)
    at: datetime
    giver: str | None = None
    receiver: str | None = None
    confirmed: bool = True
    confirms: str | None = None
    by: str | None = None

    @property
    def claimant(self) -> str | None:
        return self.by if self.by is not None else self.giver

    @property
    def confirming(self) -> bool:
        """Whether it confirms the event it names (a second party's word)."""
        return self.kind == "confirmed" or (self.kind == "thanked" and self.confirmed)


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


def counted_while_unconfirmed(events: Iterable[TieEvent],
                              settings: ScoringSettings = DEFAULT) -> dict[str, float]:
    """The base weight each event counts while it is one side's word, in arrival order:
    its full weight when confirmed from the start; else its one-sided weight, as far as
    the claimant's unconfirmed claims on the tie stay within `settings.unconfirmed_cap`
    (first arrived, first counted). A confirmation frees its claim's share of the cap."""
    shares: dict[str | None, float] = {}
    open_claims: dict[str, tuple[str | None, float]] = {}  # counted share, by id
    confirmed: set[str] = set()
    counted: dict[str, float] = {}
    cap = settings.unconfirmed_cap
    for event in events:
        if event.confirming:
            named = event.confirms
            if named and named not in confirmed:
                confirmed.add(named)
                claimant, share = open_claims.pop(named, (None, 0.0))
                if share:
                    shares[claimant] -= share
        if event.kind == "confirmed":
            continue
        if event.confirmed:
            counted[event.id] = event_weight(event.kind, True, settings)
            continue
        claimant = event.claimant
        left = max(0.0, cap - shares.get(claimant, 0.0))
        weight = min(event_weight(event.kind, False, settings), left)
        counted[event.id] = weight
        if event.id not in confirmed:  # a claim whose confirmation came first takes none
            shares[claimant] = shares.get(claimant, 0.0) + weight
            if event.kind != "thanked":
                open_claims[event.id] = (claimant, weight)
    return counted


def _decayed(events: Iterable[TieEvent], at: datetime, settings: ScoringSettings,
             counts: Callable[[TieEvent], bool]) -> float:
    """Σ decayed weight at `at` of the events that had happened by `at` that `counts`: a
    claim counts what it counted while unconfirmed among them (see
    `counted_while_unconfirmed`; what happened later takes no room and frees none), and
    fully once confirmed by then."""
    events = _validated(events)
    known = [e for e in events if e.at <= at]
    while_unconfirmed = counted_while_unconfirmed(known, settings)
    confirmed = {e.confirms for e in known if e.confirming and e.confirms}
    return math.fsum(
        decay(event_weight(e.kind, True, settings) if e.id in confirmed and e.kind != "thanked"
              else while_unconfirmed[e.id], e.at, at, settings)
        for e in known if counts(e))


def tie_mass(events: Iterable[TieEvent], at: datetime,
             settings: ScoringSettings = DEFAULT) -> float:
    """Decayed mass at `at` of the events known at `at`. Within the cap on unconfirmed
    claims it does not depend on arrival order (`math.fsum` is exactly rounded); past the
    cap, which claims count depends on which came first."""
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
        self._claims: dict[str, tuple[TieEvent, float]] = {}  # open claims, counted weight
        self._confirmed: set[str] = set()  # ids confirmed, claim seen or not
        self._shares: dict[str | None, float] = {}  # each claimant's counted claims

    def _count_open(self, event: TieEvent) -> float:
        s = self.settings
        left = max(0.0, s.unconfirmed_cap - self._shares.get(event.claimant, 0.0))
        return min(event_weight(event.kind, False, s), left)

    def apply(self, event: TieEvent) -> None:
        s = self.settings
        if event.confirming:
            if event.kind == "thanked":
                self.m += epoch_mass(event_weight("thanked", True, s), event.at, s)
            named = event.confirms
            if named and named not in self._confirmed:
                self._confirmed.add(named)
                found = self._claims.pop(named, None)
                if found is not None:  # top the claim up to its full weight
                    claim, counted = found
                    self._shares[claim.claimant] -= counted
                    full = event_weight(claim.kind, True, s)
                    self.m += epoch_mass(full - counted, claim.at, s)
            return
        if event.kind == "confirmed":
            return
        if event.confirmed or event.id in self._confirmed:
            self.m += epoch_mass(event_weight(event.kind, True, s), event.at, s)
            return
        counted = self._count_open(event)
        self._shares[event.claimant] = self._shares.get(event.claimant, 0.0) + counted
        if event.kind != "thanked":
            self._claims[event.id] = (event, counted)
        self.m += epoch_mass(counted, event.at, s)

    def strength(self, at: datetime) -> float:
        return strength(self.m, at, self.settings)
