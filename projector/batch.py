"""Domain events → parameter rows for the projection statements in `cypher/projection/`.

A batch of events becomes one list of rows per statement. The statements run in the fixed
order of `STAGES`, which respects what depends on what (people before their ties, edges
before their confirmations, ties before the MET edges that take their ends from them,
erasure, then a merge of two people, last); rows inside one statement keep log order. Every
change of a KNOWS tie (connection, deposits of mass and giving, classification) goes
through the single `ties` statement, one row per tie per batch (`TieChange`), which adds the
batch's deposits in log order on top of the stored sums: however the log is cut into
batches, a rebuild gives the very same numbers as incremental following.

Datetimes travel as ISO-8601 strings that the statements turn back into `DATETIME` with
`datetime()`: the driver's own packing of a Python datetime costs ~20 µs, which was most of
the client's time on a batch (a 5,000-event batch carries ~10,000 of them).

What a batch needs from earlier batches (the two people of a relationship, what a claim
counted, who gave a referral) is read from the graph in the same transaction (`Context`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from domain.ids import event_id as derive_event_id
from domain.ids import relationship_id
from domain.introduction import PRIVILEGED_RECORDERS, confirmations_at_making
from projector.ties import TieChange
from scoring.strength import DEFAULT, ScoringSettings, epoch_mass, event_weight

STAGES: tuple[str, ...] = (
    "people_registered",
    "people_updated",
    "people_brokering",
    "groups_formed",
    "groups_membership",
    "groups_clients",
    "groups_served",
    "ties",
    "edges_met",
    "edges_helped",
    "edges_thanked",
    "edges_confirmed",
    "introductions",
    "introductions_counted",
    "introductions_given",
    "referrals_given",
    "referrals_confirmed",
    "referrals_updated",
    "people_forgotten",
    "people_merged",
)

# Event names the graph reflects; anything else in the log (idempotency records, future
# kinds) is skipped without decoding.
PROJECTED: frozenset[str] = frozenset({
    "PersonRegistered", "ProfileUpdated", "BrokeringPreferenceSet", "PersonForgotten",
    "Connected", "Met", "Helped", "Confirmed", "Thanked", "Classified",
    "IntroductionRequested", "IntroductionAccepted", "IntroductionDeclined", "IntroductionMade",
    "IntroductionConfirmed", "IntroductionRefused",
    "ReferralGiven", "ReferralAccepted", "ReferralDeclined", "ReferralClosed", "ReferralLost",
    "GroupFormed", "MemberJoined", "MemberLeft", "LeadershipRotated", "ClientBrought",
    "ClientServed", "PersonMerged",
})

REFERRAL_STATUS = {
    "ReferralAccepted": "accepted",
    "ReferralDeclined": "declined",
    "ReferralClosed": "closed",
    "ReferralLost": "lost",
}
INTRODUCTION_STATUS = {
    "IntroductionRequested": "requested",
    "IntroductionAccepted": "accepted",
    "IntroductionDeclined": "declined",
    "IntroductionMade": "made",
}


def event_name_of_topic(topic: str) -> str:
    """`domain.relationship:Relationship.Met` → `Met`."""
    return topic.rsplit(":", 1)[-1].rsplit(".", 1)[-1]


# Where rows carry datetimes (checked by name: cheaper than testing every value).
_DATETIME_KEYS = ("at", "confirmed_at", "since", "last_at", "connected_at", "classified_at",
                  "recorded_at", "connected_recorded_at")


def _wire(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its datetimes as ISO-8601 strings (see the module's docstring)."""
    for key in _DATETIME_KEYS:
        value = row.get(key)
        if value is not None:
            row[key] = value.isoformat()
    return row


@dataclass
class Claim:
    """An event-level MET/HELPED edge as far as confirmation is concerned."""

    type: str  # "MET" | "HELPED" | "REFERRED"
    at: datetime
    base: float  # its full weight
    weight: float  # the weight counted so far
    m: float  # the epoch mass counted so far
    confirmed: bool
    relationship: str
    source: str | None = None  # the edge's start (a HELPED's giver), when known
    target: str | None = None
    claimant: str | None = None  # who recorded it, while it is one side's claim


@dataclass
class MadeIntroduction:
    """A made introduction as far as its counting is concerned."""

    a: str  # the two introduced, lower id first
    b: str
    broker: str
    made_at: datetime
    confirmations: int  # how many of the two introduced confirmed it
    m: float  # the epoch mass it adds to the tie of a and b now
    live: bool = True  # False once one of the two declined it
    claimant: str | None = None  # the one of the two whose word alone it counts on
    open_weight: float = 0.0  # what it counts in the claimant's unconfirmed share


@dataclass
class Context:
    """Facts from earlier batches that this batch's events refer to."""

    pairs: dict[str, tuple[str, str]] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    referrals: dict[str, tuple[str, str]] = field(default_factory=dict)
    introductions: dict[str, MadeIntroduction] = field(default_factory=dict)
    # per tie, the base weight of each side's unconfirmed claims counted (the cap bounds it)
    open: dict[str, dict[str, float]] = field(default_factory=dict)
    # relationship id → the id of the KNOWS that carries it now: a merge of people added
    # its tie into the survivor's own (people_merged.cypher), or the survivor's
    # relationship took it over (ties.cypher), and a claim made before the merge is
    # confirmed or thanked after it
    carried_by: dict[str, str] = field(default_factory=dict)


def carry(context: Context, touched: set[str],
          between: dict[str, tuple[str, str, str, float, float]]) -> None:
    """After a merge of people one KNOWS may carry several relationships (the duplicate's,
    the survivor's); give each tie one row per batch, so its deposits add up in log order
    however the log is cut. `between`: the relationship ids no KNOWS has any more, with
    the tie between their two people now (id, a, b, open_a, open_b). A tie ends the batch
    under the survivor's own relationship id when the batch touches it (ties.cypher takes
    the tie over), else under the id it has."""
    found: dict[str, tuple[str, str, str]] = {}
    for rel in touched:
        if rel in context.open and rel in context.pairs:  # found by its id
            found[rel] = (rel, *context.pairs[rel])
    for rel, (tie, a, b, open_a, open_b) in between.items():
        found[rel] = (tie, a, b)
        context.open.setdefault(tie, {a: open_a, b: open_b})
        context.pairs.setdefault(rel, (a, b))
        context.pairs.setdefault(tie, (a, b))
    for rel, (tie, a, b) in found.items():
        own = str(relationship_id(a, b))
        target = own if own in touched else tie
        context.open.setdefault(target, dict(context.open[tie]))
        if target != rel:
            context.carried_by[rel] = target
            context.pairs.setdefault(target, (a, b))


def touched(events: Iterable[Any], context: Context, ties: Iterable[str]) -> set[str]:
    """The relationship ids a batch may deposit on: `ties` (what `_context` looks up) and
    the ties of the referrals it closes."""
    found = set(ties)
    for giver, receiver in context.referrals.values():
        if giver != receiver:
            found.add(str(relationship_id(*sorted((giver, receiver)))))
    return found


def pairs_named(events: Iterable[Any], context: Context) -> dict[str, tuple[str, str]]:
    """Relationship id → the two people (lower id first) of what this batch may deposit
    on ties named by id: claims it confirms, thanks, made introductions it counts, new
    relationships. Where no KNOWS has the id (any more, or yet), the projector looks the
    tie up by these two people: after a merge of people it may be there under the id of
    the duplicate's relationship, with the one-sided shares counted so far."""
    found: dict[str, tuple[str, str]] = {}

    def add(rel: str, x: str, y: str) -> None:
        if x != y:
            found.setdefault(rel, (x, y) if x < y else (y, x))

    for claim in context.claims.values():
        if claim.source is not None and claim.target is not None:
            add(claim.relationship, claim.source, claim.target)
    for made in context.introductions.values():
        add(str(relationship_id(made.a, made.b)), made.a, made.b)
    for event in events:
        name = type(event).__name__
        if name == "Thanked":
            add(str(event.originator_id), event.thanker, event.thanked)
        elif name == "Connected":  # a new relationship may take over a merged record's tie
            add(str(event.originator_id), event.a, event.b)
    return found


@dataclass(frozen=True)
class References:
    """Ids this batch refers to but does not create itself."""

    events: list[str]
    referrals: list[str]
    introductions: list[str] = field(default_factory=list)
    ties: list[str] = field(default_factory=list)  # where claims may count (the cap)

    def __bool__(self) -> bool:
        return bool(self.events or self.referrals or self.introductions or self.ties)


@lru_cache(maxsize=16_384)
def _derived_id(originator_id: Any, version: int) -> str:
    return str(derive_event_id(originator_id, version))


def _ordered(*people: str | None) -> tuple[str | None, str | None]:
    """Two people lower id first (a KNOWS runs from the lower id); (None, None) unless
    both are known."""
    if len(people) != 2:
        return None, None
    x, y = people
    if x is None or y is None:
        return None, None
    return (x, y) if x <= y else (y, x)


def _event_id(event: Any) -> str:
    """The derived id of an event (uuid5; asked for twice per claim, so remembered)."""
    return _derived_id(event.originator_id, event.originator_version)


def references(events: Iterable[Any]) -> References:
    claims: dict[str, None] = {}
    referrals: dict[str, None] = {}
    created_claims: set[str] = set()
    created_ref: set[str] = set()
    introductions: dict[str, None] = {}
    made: set[str] = set()
    ties: dict[str, None] = {}
    for event in events:
        name = type(event).__name__
        if name in ("Met", "Helped", "Thanked", "Connected", "Confirmed"):
            ties[str(event.originator_id)] = None
        elif name == "IntroductionMade":
            ties[str(relationship_id(*sorted((event.a, event.b))))] = None
        elif name == "ReferralGiven":
            ties[str(relationship_id(*sorted((event.giver, event.receiver))))] = None
        if name == "IntroductionMade":
            made.add(str(event.originator_id))
        elif name in ("IntroductionConfirmed", "IntroductionRefused") and \
                str(event.originator_id) not in made:
            introductions[str(event.originator_id)] = None
        if name in ("Met", "Helped"):
            created_claims.add(_event_id(event))
        elif name == "Confirmed" and event.event not in created_claims:
            claims[event.event] = None
        elif name == "Thanked" and event.for_event not in created_claims:
            claims[event.for_event] = None
        elif name == "ReferralGiven":
            created_ref.add(str(event.originator_id))
        elif name == "ReferralClosed" and str(event.originator_id) not in created_ref:
            referrals[str(event.originator_id)] = None
        elif name == "ReferralAccepted" and str(event.originator_id) not in created_ref:
            claims[_derived_id(event.originator_id, 1)] = None  # the ReferralGiven claim
    return References(list(claims), list(referrals), list(introductions), list(ties))


class Batch:
    """Rows per statement for a run of events, built in log order."""

    def __init__(self, context: Context, settings: ScoringSettings = DEFAULT) -> None:
        self.context = context
        self.settings = settings
        self.rows: dict[str, list[dict[str, Any]]] = {stage: [] for stage in STAGES}
        self.ties: dict[str, TieChange] = {}  # by relationship id, in order of first change
        self.open_changed: set[str] = set()  # ties whose unconfirmed shares changed

    def statements(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """(statement name, rows) in stage order, leaving out empty ones."""
        return [(stage, [_wire(row) for row in rows]) for stage, rows in self.planned()]

    def planned(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """The same rows with their datetimes as Python datetimes (the offline rebuild
        applies them in memory, `projector/offline/`)."""
        for rel in self.open_changed:
            tie = self.ties[rel]
            shares = self.context.open[rel]
            tie.open_a = shares.get(tie.a or "", 0.0)
            tie.open_b = shares.get(tie.b or "", 0.0)
        self.rows["ties"] = [tie.row() for tie in self.ties.values()]
        return [(stage, rows) for stage, rows in self.rows.items() if rows]

    def add_all(self, events: Iterable[Any]) -> Batch:
        for event in events:
            self.add(event)
        return self

    def add(self, event: Any) -> None:
        handler = self._handlers().get(type(event).__name__)
        if handler is not None:
            # when the store recorded it: the deposits keep it for reads "as known at"
            self.recorded_at: datetime | None = getattr(event, "timestamp", None)
            handler(self, event)

    # -- helpers ---------------------------------------------------------------------------

    def _tie(self, rel: str, a: str | None, b: str | None) -> TieChange:
        rel = self.context.carried_by.get(rel, rel)
        tie = self.ties.get(rel)
        if tie is None:
            tie = self.ties[rel] = TieChange(rel, a, b)
        elif tie.a is None and a is not None:
            tie.a, tie.b = a, b  # learned from a later event of the batch
        return tie

    def _deposit(self, rel: str, a: str | None, b: str | None, at: datetime, m: float,
                 interaction: bool = True, giver: str | None = None) -> None:
        self._tie(rel, a, b).deposit(at, m, interaction, giver)

    def _count_open(self, rel: str, a: str | None, b: str | None, claimant: str,
                    weight: float, at: datetime) -> tuple[float, float]:
        """(weight, epoch mass) that a claim of `claimant`'s own word counts on the tie: at
        most what is left of the cap on that side's unconfirmed claims."""
        rel = self.context.carried_by.get(rel, rel)
        shares = self.context.open.setdefault(rel, {})
        counted = max(0.0, min(weight, self.settings.unconfirmed_cap - shares.get(claimant, 0.0)))
        shares[claimant] = shares.get(claimant, 0.0) + counted
        self.open_changed.add(rel)
        m = epoch_mass(counted, at, self.settings)
        self._tie(rel, a, b).deposit_open(m)
        return counted, m

    def _release_open(self, rel: str, a: str | None, b: str | None, claimant: str,
                      weight: float, m: float) -> None:
        """A claim counted `weight` (epoch mass m) of `claimant`'s share; it no longer does."""
        rel = self.context.carried_by.get(rel, rel)
        shares = self.context.open.setdefault(rel, {})
        shares[claimant] = max(0.0, shares.get(claimant, 0.0) - weight)
        self.open_changed.add(rel)
        self._tie(rel, a, b).deposit_open(-m)

    def _weigh(self, kind: str, at: datetime, confirmed: bool = True) -> tuple[float, float]:
        weight = event_weight(kind, confirmed, self.settings)
        return weight, epoch_mass(weight, at, self.settings)

    def _pair(self, event: Any, *people: str) -> tuple[str, str | None, str | None]:
        """An event's relationship id and its two people, lower id first, when known: from
        a connection seen, else from the two `people` the event names. Unknown people are
        fine: they only matter when a tie must be created, and a tie exists before any event
        of its relationship (a MET edge finds its ends from the tie, in Cypher)."""
        rel = str(event.originator_id)
        a, b = self.context.pairs.get(rel) or _ordered(*people)
        return rel, a, b

    def _confirm(self, event_id: str, at: datetime) -> None:
        """Count the rest of a one-sided claim's weight, once."""
        claim = self.context.claims.get(event_id)
        if claim is None or claim.confirmed:
            return
        a, b = self.context.pairs.get(claim.relationship) or \
            _ordered(claim.source, claim.target)
        if claim.claimant is not None:
            self._release_open(claim.relationship, a, b, claim.claimant, claim.weight, claim.m)
        rest = claim.base - claim.weight
        rest_m = epoch_mass(rest, claim.at, self.settings)
        claim.confirmed, claim.weight, claim.m = True, claim.base, claim.m + rest_m
        claim.claimant = None
        stage = "referrals_confirmed" if claim.type == "REFERRED" else "edges_confirmed"
        self.rows[stage].append(
            {"event_id": event_id, "type": claim.type, "at": at, "weight": claim.weight,
             "m": claim.m, "recorded_at": self.recorded_at}
        )
        self._deposit(claim.relationship, a, b, at, rest_m, interaction=False,
                      giver=claim.source if claim.type in ("HELPED", "REFERRED") else None)

    # -- people ----------------------------------------------------------------------------

    def _person_registered(self, e: Any) -> None:
        self.rows["people_registered"].append(
            {"id": str(e.originator_id), "name": e.name, "headline": e.headline,
             "tags": list(e.tags or []), "organization": e.organization, "at": e.at}
        )

    def _profile_updated(self, e: Any) -> None:
        self.rows["people_updated"].append(
            {"id": str(e.originator_id), "name": e.name, "headline": e.headline,
             "tags": None if e.tags is None else list(e.tags), "organization": e.organization}
        )

    def _brokering_set(self, e: Any) -> None:
        self.rows["people_brokering"].append(
            {"id": str(e.originator_id), "accepts": e.accepts_introduction_requests,
             "note": e.note, "at": e.at}
        )

    def _person_forgotten(self, e: Any) -> None:
        self.rows["people_forgotten"].append({"id": str(e.originator_id)})

    def _person_merged(self, e: Any) -> None:
        # the last event of its batch (`through_first_merge`): what the batch deposited on
        # the two people's ties is in place when the merge adds them up
        self.rows["people_merged"].append({"duplicate": str(e.originator_id),
                                           "survivor": str(e.into)})

    # -- relationships ---------------------------------------------------------------------

    def _connected(self, e: Any) -> None:
        rel = str(e.originator_id)
        self.context.pairs[rel] = (e.a, e.b)
        kind = "imported" if e.source == "imported" else "connected"
        weight, m = self._weigh(kind, e.at)
        if weight and e.recorded_by not in PRIVILEGED_RECORDERS:  # one side's word
            weight, m = self._count_open(rel, e.a, e.b, e.recorded_by,
                                         event_weight(kind, False, self.settings), e.at)
        claimant = None if e.recorded_by in PRIVILEGED_RECORDERS else e.recorded_by
        self._tie(rel, e.a, e.b).connect(e.at, e.source, e.introduced_by, m, self.recorded_at,
                                         claimant)
        if weight:
            self._deposit(rel, e.a, e.b, e.at, m)

    def _claim(self, e: Any, type_: str, kind: str, source: str | None, target: str | None,
               extra: dict[str, Any]) -> None:
        rel, a, b = self._pair(e) if source is None or target is None \
            else self._pair(e, source, target)
        base, _ = self._weigh(kind, e.at)
        weight, m = self._weigh(kind, e.at, e.confirmed)
        claimant = None if e.confirmed else e.recorded_by
        if claimant is not None:
            weight, m = self._count_open(rel, a, b, claimant, weight, e.at)
        eid = _event_id(e)
        self.context.claims[eid] = Claim(type_, e.at, base, weight, m, e.confirmed, rel,
                                         source, target, claimant)
        self.rows[f"edges_{type_.lower()}"].append(
            {"event_id": eid, "rel": rel, "source": source, "target": target, "at": e.at,
             "recorded_by": e.recorded_by, "claimant": claimant, "confirmed": e.confirmed,
             "confirmed_at": e.at if e.confirmed else None, "base": base, "weight": weight,
             "m": m, "recorded_at": self.recorded_at, **extra}
        )
        self._deposit(rel, a, b, e.at, m, giver=source if type_ == "HELPED" else None)

    def _met(self, e: Any) -> None:
        # from whoever recorded it to the other (a→b when neither did): edges_met.cypher
        # takes the two people from the tie, so a batch needs no lookup of earlier pairs
        self._claim(e, "MET", "met", None, None, {"context": e.context})

    def _helped(self, e: Any) -> None:
        self._claim(e, "HELPED", "helped", e.giver, e.receiver,
                    {"kind": e.kind, "value": e.value})

    def _confirmed(self, e: Any) -> None:
        self._confirm(e.event, e.at)

    def _thanked(self, e: Any) -> None:
        rel, a, b = self._pair(e, e.thanker, e.thanked)
        claim = self.context.claims.get(e.for_event)
        # thanks for a help the thanker recorded themself are their word alone
        own = claim is not None and claim.claimant == e.thanker
        if own:
            weight, m = self._count_open(rel, a, b, e.thanker,
                                         event_weight("thanked", False, self.settings), e.at)
        else:
            weight, m = self._weigh("thanked", e.at)
        self.rows["edges_thanked"].append(
            {"event_id": _event_id(e),
             "rel": rel, "source": e.thanker, "target": e.thanked, "at": e.at,
             "for_event": e.for_event, "recorded_by": e.recorded_by, "weight": weight, "m": m,
             "recorded_at": self.recorded_at, "confirmed": not own}
        )
        self._deposit(rel, a, b, e.at, m)
        if not own:
            self._confirm(e.for_event, e.at)

    def _classified(self, e: Any) -> None:
        self._tie(*self._pair(e)).classify(e.kind, e.by, e.at)

    # -- introductions ---------------------------------------------------------------------

    def _introduction(self, e: Any) -> None:
        name = type(e).__name__
        row: dict[str, Any] = {
            "id": str(e.originator_id), "status": INTRODUCTION_STATUS[name], "at": e.at,
            "broker": [], "of": [], "reason": getattr(e, "reason", None), "m": None,
            "requester": None, "target": None, "path": None, "message": None,
            "recorded_at": self.recorded_at,
            "confirmations": None, "claimant": None, "open_weight": None, "confirmed_by": None,
        }
        if name == "IntroductionRequested":
            row["broker"], row["of"] = [e.broker], [e.requester, e.target]
            row.update(requester=e.requester, target=e.target, path=list(e.path),
                       message=e.message)
        elif name == "IntroductionMade":
            row["broker"], row["of"] = [e.broker], [e.a, e.b]
            a, b = sorted((e.a, e.b))
            made = MadeIntroduction(a, b, e.broker, e.at, 0, 0.0)
            self.context.introductions[str(e.originator_id)] = made
            confirmed_by = confirmations_at_making(e.requested, e.a, e.b, e.recorded_by)
            made.claimant = confirmed_by[0] if len(confirmed_by) == 1 else None
            self._count_introduction(made, len(confirmed_by), True, e.at)
            row.update(m=made.m, confirmations=made.confirmations, claimant=made.claimant,
                       open_weight=made.open_weight, confirmed_by=confirmed_by)
        self.rows["introductions"].append(row)

    def _count_introduction(self, made: MadeIntroduction, confirmations: int, live: bool,
                            at: datetime) -> None:
        """Bring what `made` adds to its tie, and to its broker's giving, to what its
        state earns: nothing on the broker's word alone or once declined, a one-sided
        claim's share with one of the two introduced, the full weight with both. The mass
        stays dated at the making."""
        rel = str(relationship_id(made.a, made.b))
        if made.claimant is not None and made.open_weight:
            self._release_open(rel, made.a, made.b, made.claimant, made.open_weight, made.m)
        made.open_weight = 0.0
        if not live or confirmations == 0:
            m = 0.0
        elif confirmations == 1 and made.claimant is not None:  # one side's word
            made.open_weight, m = self._count_open(
                rel, made.a, made.b, made.claimant,
                event_weight("introduced", False, self.settings), made.made_at)
        else:
            m = self._weigh("introduced", made.made_at)[1]
        if m != made.m:  # the tie exists by then: the domain connects the first confirmation
            self._deposit(rel, made.a, made.b, at, m - made.m, interaction=False)
        counted_before = made.live and made.confirmations >= 1
        counted = live and confirmations >= 1
        if counted != counted_before:
            self.rows["introductions_given"].append(
                {"broker": made.broker, "delta": 1 if counted else -1})
        made.m, made.live, made.confirmations = m, live, confirmations

    def _introduction_answered(self, e: Any) -> None:
        """One of the two introduced confirmed or declined a made introduction."""
        made = self.context.introductions.get(str(e.originator_id))
        if made is None or not made.live:  # the domain allows neither
            return
        refused = type(e).__name__ == "IntroductionRefused"
        if not refused and made.confirmations == 0:
            made.claimant = e.person  # the first to confirm it: their word alone, so far
        self._count_introduction(made, made.confirmations + (0 if refused else 1),
                                 not refused, e.at)
        self.rows["introductions_counted"].append(
            {"id": str(e.originator_id), "at": e.at, "m": made.m,
             "confirmations": made.confirmations, "person": e.person, "refused": refused,
             "reason": getattr(e, "reason", None), "claimant": made.claimant,
             "open_weight": made.open_weight, "recorded_at": self.recorded_at})

    # -- referrals -------------------------------------------------------------------------

    def _referral_given(self, e: Any) -> None:
        """A referral is the giver's claim until the receiver accepts it (an admin's or
        the system's record counts at once)."""
        referral = str(e.originator_id)
        self.context.referrals[referral] = (e.giver, e.receiver)
        a, b = sorted((e.giver, e.receiver))
        rel = str(relationship_id(a, b))
        base, m = self._weigh("referred", e.at)
        weight, confirmed = base, e.recorded_by in PRIVILEGED_RECORDERS
        if not confirmed:
            weight, m = self._count_open(rel, a, b, e.giver,
                                         event_weight("referred", False, self.settings), e.at)
        eid = _event_id(e)
        self.context.claims[eid] = Claim("REFERRED", e.at, base, weight, m, confirmed, rel,
                                         e.giver, e.receiver, None if confirmed else e.giver)
        self.rows["referrals_given"].append(
            {"event_id": eid, "referral_id": referral, "source": e.giver, "target": e.receiver,
             "prospect": e.prospect, "at": e.at, "weight": weight, "m": m, "base": base,
             "rel": rel, "recorded_by": e.recorded_by, "confirmed": confirmed,
             "claimant": None if confirmed else e.giver,
             "confirmed_at": e.at if confirmed else None, "recorded_at": self.recorded_at}
        )
        self._deposit(rel, a, b, e.at, m, giver=e.giver)

    def _referral_updated(self, e: Any) -> None:
        name = type(e).__name__
        referral = str(e.originator_id)
        m = None
        if name == "ReferralAccepted":  # the receiver's word: the referral counts in full
            self._confirm(_derived_id(e.originator_id, 1), e.at)  # ReferralGiven is v1
        if name == "ReferralClosed":
            giver, receiver = self.context.referrals[referral]
            _, m = self._weigh("referral_closed", e.at)
            a, b = sorted((giver, receiver))
            self._deposit(str(relationship_id(a, b)), a, b, e.at, m, giver=giver)
        self.rows["referrals_updated"].append(
            {"referral_id": referral, "status": REFERRAL_STATUS[name], "at": e.at,
             "value": getattr(e, "value", None), "currency": getattr(e, "currency", None),
             "reason": getattr(e, "reason", None), "m": m, "recorded_at": self.recorded_at}
        )

    # -- groups ----------------------------------------------------------------------------

    def _group_formed(self, e: Any) -> None:
        self.rows["groups_formed"].append(
            {"id": str(e.originator_id), "name": e.name, "purpose": e.purpose,
             "founder": e.founder, "at": e.at}
        )

    def _membership(self, e: Any) -> None:
        name = type(e).__name__
        op, person, role = {
            "MemberJoined": ("join", getattr(e, "person", None), getattr(e, "role", None)),
            "MemberLeft": ("leave", getattr(e, "person", None), None),
            "LeadershipRotated": ("lead", getattr(e, "leader", None), "leader"),
        }[name]
        self.rows["groups_membership"].append(
            {"group": str(e.originator_id), "person": person, "op": op, "role": role,
             "at": e.at}
        )

    def _client_brought(self, e: Any) -> None:
        self.rows["groups_clients"].append(
            {"group": str(e.originator_id), "member": e.member, "client": e.client,
             "needs": e.needs, "at": e.at,
             "event_id": str(derive_event_id(e.originator_id, e.originator_version))}
        )

    def _client_served(self, e: Any) -> None:
        self.rows["groups_served"].append(
            {"group": str(e.originator_id), "member": e.member, "client": e.client,
             "at": e.at,
             "event_id": str(derive_event_id(e.originator_id, e.originator_version))}
        )

    @classmethod
    def _handlers(cls) -> dict[str, Callable[[Batch, Any], None]]:
        return _HANDLERS


_HANDLERS: dict[str, Callable[[Batch, Any], None]] = {
    "PersonRegistered": Batch._person_registered,
    "ProfileUpdated": Batch._profile_updated,
    "BrokeringPreferenceSet": Batch._brokering_set,
    "PersonForgotten": Batch._person_forgotten,
    "PersonMerged": Batch._person_merged,
    "Connected": Batch._connected,
    "Met": Batch._met,
    "Helped": Batch._helped,
    "Confirmed": Batch._confirmed,
    "Thanked": Batch._thanked,
    "Classified": Batch._classified,
    "IntroductionRequested": Batch._introduction,
    "IntroductionAccepted": Batch._introduction,
    "IntroductionDeclined": Batch._introduction,
    "IntroductionMade": Batch._introduction,
    "IntroductionConfirmed": Batch._introduction_answered,
    "IntroductionRefused": Batch._introduction_answered,
    "ReferralGiven": Batch._referral_given,
    "ReferralAccepted": Batch._referral_updated,
    "ReferralDeclined": Batch._referral_updated,
    "ReferralClosed": Batch._referral_updated,
    "ReferralLost": Batch._referral_updated,
    "GroupFormed": Batch._group_formed,
    "MemberJoined": Batch._membership,
    "MemberLeft": Batch._membership,
    "LeadershipRotated": Batch._membership,
    "ClientBrought": Batch._client_brought,
    "ClientServed": Batch._client_served,
}
assert set(_HANDLERS) == PROJECTED


def through_first_merge(decoded: Sequence[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """The (notification, event) pairs up to and including the first PersonMerged: a merge
    ends its batch, so the sums it adds up hold the same deposits however the log is cut,
    and what follows it (the survivor's ties with their new ids) is planned against the
    merged graph."""
    for index, (_, event) in enumerate(decoded):
        if event is not None and type(event).__name__ == "PersonMerged":
            return list(decoded[:index + 1])
    return list(decoded)


def plan(events: Sequence[Any], context: Context,
         settings: ScoringSettings = DEFAULT) -> list[tuple[str, list[dict[str, Any]]]]:
    """The statements, with rows, that apply `events` on top of `context`."""
    return Batch(context, settings).add_all(events).statements()


def plan_in_memory(events: Sequence[Any], context: Context,
                   settings: ScoringSettings = DEFAULT) -> list[tuple[str, list[dict[str, Any]]]]:
    """As `plan`, the datetimes left as datetimes."""
    return Batch(context, settings).add_all(events).planned()
