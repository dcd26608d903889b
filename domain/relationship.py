"""Relationship: one aggregate per unordered pair of people (id = relationship_id(a, b)).

Everything that passes between two people lives here, so "only participants (or an admin)
record an event about a relationship" is checked in one place. The state is kept small on
purpose (open claims and thanked helps, not every event) so snapshots of long streams stay
small; the application looks named events up in the stream itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

from eventsourcing.domain import Aggregate

from domain.base import MAX_NAME, GoodwillEvent, Stamp, not_before, text
from domain.declarations import Doc, EventId, IntroductionId, PersonId
from domain.errors import (
    Forbidden,
    InvalidInput,
    InvalidTransition,
    NotAParticipant,
    SelfRelationship,
    UnconfirmableThanks,
    UnknownEvent,
)
from domain.fields import HelpKind, HelpNote, Source, TieContext, TieKind
from domain.ids import relationship_id, sorted_pair

SOURCES = ("met", "imported", "introduced")
# A person id as the person is now: the record itself, or the one it was merged into. A
# relationship keeps naming its two records; a claim on it made before a merge is decided
# by the people as they are now (see RelationshipCommands._tie_holding).
Current = Callable[[str], str]


def _itself(person: str) -> str:
    return person

KINDS = ("personal", "functional", "strategic")


class Relationship(Aggregate):
    if TYPE_CHECKING:  # state, set by the events' apply()
        a: str
        b: str
        source: str
        context: str
        introduced_by: str | None
        introduction_id: str | None
        kind: str | None
        kinds: dict[str, str]
        unconfirmed: dict[str, str]
        thanked: dict[str, str]
        meetings: int
        helps: int
        thanks: int

    class Event(GoodwillEvent):
        pass

    class Connected(Event, Aggregate.Created):
        a: PersonId
        b: PersonId
        source: Source
        context: TieContext
        introduced_by: PersonId | None
        introduction_id: IntroductionId | None

        def apply(self, rel: Relationship) -> None:
            rel.a, rel.b = self.a, self.b
            rel.source = self.source
            rel.context = self.context
            rel.introduced_by = self.introduced_by
            rel.introduction_id = self.introduction_id
            rel.kind = None
            rel.kinds = {}
            rel.unconfirmed = {}  # event id -> the participant who claimed it
            rel.thanked = {}  # Helped event id -> id of the Thanked event
            rel.meetings = rel.helps = rel.thanks = 0

    class Met(Event):
        context: TieContext
        confirmed: bool

        def apply(self, rel: Relationship) -> None:
            rel.meetings += 1
            if not self.confirmed:
                rel.unconfirmed[str(self.event_id)] = self.recorded_by

    class Helped(Event):
        giver: PersonId
        receiver: PersonId
        kind: HelpKind
        note: HelpNote
        value: float | None
        confirmed: bool

        def apply(self, rel: Relationship) -> None:
            rel.helps += 1
            if not self.confirmed:
                rel.unconfirmed[str(self.event_id)] = self.recorded_by

    class Confirmed(Event):
        event: EventId

        def apply(self, rel: Relationship) -> None:
            rel.unconfirmed.pop(self.event, None)

    class Thanked(Event):
        thanker: PersonId
        thanked: PersonId
        for_event: EventId

        def apply(self, rel: Relationship) -> None:
            rel.thanks += 1
            rel.thanked[self.for_event] = str(self.event_id)
            if rel.unconfirmed.get(self.for_event) != self.thanker:
                # thanks confirm the giver's claim, not one's own record of being helped
                rel.unconfirmed.pop(self.for_event, None)

    class Classified(Event):
        kind: TieKind
        by: Annotated[PersonId, Doc("Whose view (a person id, or admin / system).")]

        def apply(self, rel: Relationship) -> None:
            rel.kind = self.kind
            rel.kinds[self.by] = self.kind

    # -- creation ----------------------------------------------------------------------

    @classmethod
    def connect(
        cls,
        a: str,
        b: str,
        *,
        source: str,
        context: str | None,
        stamp: Stamp,
        introduced_by: str | None = None,
        introduction_id: str | None = None,
    ) -> Relationship:
        if a == b:
            raise SelfRelationship("A person cannot have a relationship with themself.", person=a)
        if source not in SOURCES:
            raise InvalidInput(f"source must be one of {', '.join(SOURCES)}, got {source!r}.")
        first, second = sorted_pair(a, b)
        return cls._create(
            cls.Connected,
            id=relationship_id(first, second),
            a=first,
            b=second,
            source=source,
            context=text(context, "context"),
            introduced_by=introduced_by,
            introduction_id=introduction_id,
            **stamp.kwargs(),
        )

    # -- queries -----------------------------------------------------------------------

    @property
    def pair(self) -> tuple[str, str]:
        return self.a, self.b

    def other(self, person: str) -> str:
        return self.b if person == self.a else self.a

    def is_participant(self, person: str | None, current: Current = _itself) -> bool:
        return person in (current(self.a), current(self.b))

    # -- commands ----------------------------------------------------------------------

    def ensure_may_record(self, recorded_by: str, privileged: bool,
                          current: Current = _itself) -> None:
        if not privileged and not self.is_participant(recorded_by, current):
            raise NotAParticipant(
                "Only the two people in a relationship (or an admin) can record events "
                "about it.",
                relationship=str(self.id),
            )

    def record_meeting(self, *, context: str | None, privileged: bool, stamp: Stamp) -> None:
        self.ensure_may_record(stamp.recorded_by, privileged)
        self.trigger_event(
            self.Met, context=text(context, "context"), confirmed=privileged, **stamp.kwargs()
        )

    def record_help(
        self,
        *,
        giver: str,
        receiver: str,
        kind: str | None,
        note: str | None,
        value: float | None,
        privileged: bool,
        stamp: Stamp,
    ) -> None:
        self.ensure_may_record(stamp.recorded_by, privileged)
        if giver == receiver:
            raise SelfRelationship("A person cannot help themself.", person=giver)
        if {giver, receiver} != {self.a, self.b}:
            raise NotAParticipant("The giver and receiver must be the two people of this tie.")
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidInput("value must be a number.")
            if not 0 <= float(value) < 1e15:
                raise InvalidInput("value must be zero or positive.")
            value = float(value)
        # Either side's word is a claim until the other confirms it; an admin's is a record.
        confirmed = privileged
        self.trigger_event(
            self.Helped,
            giver=giver,
            receiver=receiver,
            kind=text(kind, "kind of help", limit=MAX_NAME),
            note=text(note, "note"),
            value=value,
            confirmed=confirmed,
            **stamp.kwargs(),
        )

    def confirm(self, claim: GoodwillEvent | None, *, event: str, privileged: bool,
                stamp: Stamp, current: Current = _itself) -> None:
        """Confirm `claim` (the Met or Helped named `event`, or None when not found)."""
        self.ensure_may_record(stamp.recorded_by, privileged, current)
        if claim is None:
            raise UnknownEvent(
                "No event with that id in this relationship.", event=event,
                relationship=str(self.id),
            )
        if not isinstance(claim, self.Met | self.Helped):
            raise InvalidInput("Only a meeting or a help can be confirmed.", event=event)
        claimant = self.unconfirmed.get(event)
        if claimant is None:
            raise InvalidTransition("That event is already confirmed.", event=event)
        if current(claimant) == stamp.recorded_by:  # a record merged into them is them
            raise Forbidden(
                "You cannot confirm your own claim; the other person confirms it.", event=event
            )
        not_before(stamp.at, claim.at, "A confirmation", event=event)
        self.trigger_event(self.Confirmed, event=event, **stamp.kwargs())

    def thank(self, helped: GoodwillEvent | None, *, thanker: str, thanked: str, for_event: str,
              privileged: bool, stamp: Stamp, current: Current = _itself) -> None:
        """Thank `thanked` for `helped` (the event named `for_event`, or None if not found);
        `thanker` and `thanked` are people as they are now (`current`)."""
        self.ensure_may_record(stamp.recorded_by, privileged, current)
        if not privileged and stamp.recorded_by != thanker:
            raise Forbidden("People can only thank in their own name.")
        if thanker == thanked:
            raise SelfRelationship("A person cannot thank themself.", person=thanker)
        if {thanker, thanked} != {current(self.a), current(self.b)}:
            raise NotAParticipant("The thanker and the thanked must be the two people of this tie.")
        if helped is None:
            raise UnknownEvent(
                "No event with that id in this relationship.", event=for_event,
                relationship=str(self.id),
            )
        if not isinstance(helped, self.Helped) or current(helped.giver) != thanked:
            raise UnconfirmableThanks(
                "A thank-you must name a help that the thanked person gave.",
                event=for_event, thanked=thanked,
            )
        if for_event in self.thanked:
            raise InvalidTransition("That help has already been thanked.", event=for_event)
        claimant = self.unconfirmed.get(for_event)
        if claimant is not None and claimant != thanker and current(claimant) == thanker:
            # thanks confirm the giver's claim; this one is the thanker's own word, given
            # under a record merged into them since (Thanked.apply could not tell)
            raise Forbidden("This help is your own claim, recorded under a record merged "
                            "into you: the person who helped confirms it first.",
                            event=for_event)
        not_before(stamp.at, helped.at, "A thank-you", event=for_event)
        self.trigger_event(
            self.Thanked, thanker=thanker, thanked=thanked, for_event=for_event, **stamp.kwargs()
        )

    def classify(self, *, kind: str, by: str, privileged: bool, stamp: Stamp) -> None:
        self.ensure_may_record(stamp.recorded_by, privileged)
        if kind not in KINDS:
            raise InvalidInput(f"kind must be one of {', '.join(KINDS)}, got {kind!r}.")
        if not privileged and by != stamp.recorded_by:
            raise Forbidden("People can only classify a relationship in their own name.")
        if by not in (self.a, self.b, "admin", "system"):
            raise NotAParticipant("Only the two people of a tie (or an admin) classify it.")
        self.trigger_event(self.Classified, kind=kind, by=by, **stamp.kwargs())


Connected = Relationship.Connected
Met = Relationship.Met
Helped = Relationship.Helped
Confirmed = Relationship.Confirmed
Thanked = Relationship.Thanked
Classified = Relationship.Classified
