"""Introduction: requested -> accepted | declined; accepted (or still requested) -> made.
An introduction can also be made directly, without a request: then IntroductionMade is
the event that creates the aggregate.

A made introduction counts only with the word of the people introduced: each of the two
may confirm it (IntroductionConfirmed) or decline it (IntroductionRefused: it stops
counting). The requester of a requested introduction has confirmed it by asking; an
introduction an admin or the system records counts as confirmed by both."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate, CanMutateAggregate
from eventsourcing.utils import get_topic

from domain.base import GoodwillEvent, Stamp, not_before, text
from domain.declarations import PersonId
from domain.errors import (
    IntroductionOfOnePerson,
    InvalidInput,
    InvalidTransition,
    NotAParticipant,
    SelfRelationship,
)
from domain.fields import DeclineReason, IntroductionContext, Message, RefusalReason

REQUESTED, ACCEPTED, DECLINED, MADE = "requested", "accepted", "declined", "made"
MAX_PATH = 12
PRIVILEGED_RECORDERS = ("admin", "system")
# A person id as the person is now: the record itself, or the one it was merged into. An
# introduction keeps the records it was asked or made with; what is decided on it later is
# decided, and recorded, for the people as they are now.
Current = Callable[[str], str]


def _itself(person: str) -> str:
    return person


def confirmations_at_making(requested: bool, a: str, b: str, recorded_by: str) -> list[str]:
    """Who of the two introduced has confirmed an introduction as it is made: both when an
    admin or the system records it, the requester (a) of a requested one, else nobody."""
    if recorded_by in PRIVILEGED_RECORDERS:
        return [a, b]
    return [a] if requested else []


class Introduction(Aggregate):
    if TYPE_CHECKING:  # state, set by the events' apply()
        status: str
        requester: str | None
        target: str | None
        broker: str
        message: str
        path: list[str]
        a: str | None
        b: str | None
        context: str
        decline_reason: str
        confirmed_by: list[str]  # who of the two introduced confirmed it (once made)
        requested_at: datetime | None  # when it was requested (None: made directly)
        made_at: datetime | None
        declined_by: str | None  # the broker, or one of the two introduced

    class Event(GoodwillEvent):
        pass

    class IntroductionRequested(Event, Aggregate.Created):
        requester: PersonId
        target: PersonId
        broker: PersonId
        message: Message
        path: list[PersonId]

        def apply(self, intro: Introduction) -> None:
            intro.status = REQUESTED
            intro.requester, intro.target, intro.broker = self.requester, self.target, self.broker
            intro.message = self.message
            intro.path = list(self.path)
            intro.a = intro.b = None
            intro.context = intro.decline_reason = ""
            intro.confirmed_by, intro.declined_by = [], None
            intro.requested_at, intro.made_at = self.at, None

    class IntroductionAccepted(Event):
        def apply(self, intro: Introduction) -> None:
            intro.status = ACCEPTED

    class IntroductionDeclined(Event):
        reason: DeclineReason

        def apply(self, intro: Introduction) -> None:
            intro.status = DECLINED
            intro.decline_reason = self.reason
            intro.declined_by = intro.broker

    class IntroductionMade(Event, Aggregate.Created):
        """Creates the aggregate when made directly (requested=False); otherwise it follows
        a request on an existing aggregate. `originator_topic` is carried either way."""

        broker: PersonId
        a: PersonId
        b: PersonId
        context: IntroductionContext
        requested: bool

        def mutate(self, aggregate: Any) -> Any:
            if aggregate is None:
                return super().mutate(None)
            return CanMutateAggregate.mutate(self, aggregate)

        def apply(self, intro: Introduction) -> None:
            if not self.requested:
                intro.requester = intro.target = None
                intro.message = intro.decline_reason = ""
                intro.path = []
            intro.status = MADE
            intro.broker, intro.a, intro.b = self.broker, self.a, self.b
            intro.context = self.context
            intro.confirmed_by = confirmations_at_making(self.requested, self.a, self.b,
                                                         self.recorded_by)
            intro.declined_by = None
            intro.made_at = self.at

    class IntroductionConfirmed(Event):
        """One of the two introduced confirms a made introduction."""

        person: PersonId

        def apply(self, intro: Introduction) -> None:
            intro.confirmed_by = [*intro.confirmed_by, self.person]

    class IntroductionRefused(Event):
        """One of the two introduced declines a made introduction: it stops counting."""

        person: PersonId
        reason: RefusalReason

        def apply(self, intro: Introduction) -> None:
            intro.status = DECLINED
            intro.decline_reason = self.reason
            intro.declined_by = self.person

    @classmethod
    def request(
        cls,
        introduction_id: UUID,
        *,
        requester: str,
        target: str,
        broker: str,
        message: str | None,
        path: list[str],
        stamp: Stamp,
    ) -> Introduction:
        _distinct(requester=requester, target=target, broker=broker)
        if len(path) > MAX_PATH:
            raise InvalidInput(f"A path has at most {MAX_PATH} people.")
        if path and (path[0] != requester or path[-1] != target):
            raise InvalidInput("A path runs from the requester to the target.")
        if path and broker not in path:
            raise InvalidInput("The broker must be on the path.")
        return cls._create(
            cls.IntroductionRequested,
            id=introduction_id,
            requester=requester,
            target=target,
            broker=broker,
            message=text(message, "message"),
            path=list(path),
            **stamp.kwargs(),
        )

    @classmethod
    def make_directly(
        cls, introduction_id: UUID, *, broker: str, a: str, b: str, context: str | None,
        stamp: Stamp,
    ) -> Introduction:
        _distinct(broker=broker, a=a, b=b)
        return cls._create(
            cls.IntroductionMade,
            id=introduction_id,
            broker=broker,
            a=a,
            b=b,
            context=text(context, "context"),
            requested=False,
            **stamp.kwargs(),
        )

    def _move(self, allowed_from: tuple[str, ...], to: str) -> None:
        if self.status not in allowed_from:
            raise InvalidTransition(
                f"This introduction is {self.status}; it cannot become {to}.",
                introduction=str(self.id), status=self.status,
            )

    def _answers_the_request(self, stamp: Stamp) -> None:
        not_before(stamp.at, getattr(self, "requested_at", None), "A decision on a request",
                   introduction=str(self.id))

    def _of_distinct_people(self, people: dict[str, str | None]) -> None:
        """IntroductionOfOnePerson when two of `people` (now) are one person."""
        named = {role: pid for role, pid in people.items() if pid is not None}
        if len(set(named.values())) < len(named):
            raise IntroductionOfOnePerson(
                "Two of this introduction's people are records of one person, merged "
                "since; it can only be declined or refused now.",
                introduction=str(self.id), **named)

    def _requested_now(self, current: Current) -> dict[str, str | None]:
        return {"requester": None if self.requester is None else current(self.requester),
                "target": None if self.target is None else current(self.target),
                "broker": current(self.broker)}

    def accept(self, *, stamp: Stamp, current: Current = _itself) -> None:
        self._move((REQUESTED,), ACCEPTED)
        self._of_distinct_people(self._requested_now(current))
        self._answers_the_request(stamp)
        self.trigger_event(self.IntroductionAccepted, **stamp.kwargs())

    def decline(self, *, reason: str | None, stamp: Stamp) -> None:
        self._move((REQUESTED,), DECLINED)
        self._answers_the_request(stamp)
        self.trigger_event(self.IntroductionDeclined, reason=text(reason, "reason"),
                           **stamp.kwargs())

    def make(self, *, context: str | None, stamp: Stamp, current: Current = _itself) -> None:
        """Make a requested introduction, between the people as they are now."""
        self._move((REQUESTED, ACCEPTED), MADE)
        now = self._requested_now(current)
        self._of_distinct_people(now)
        self._answers_the_request(stamp)
        assert now["requester"] is not None and now["target"] is not None
        self.trigger_event(
            self.IntroductionMade,
            broker=now["broker"],
            a=now["requester"],
            b=now["target"],
            context=text(context, "context"),
            requested=True,
            originator_topic=get_topic(type(self)),
            **stamp.kwargs(),
        )

    def introduced(self, current: Current = _itself) -> tuple[str, str]:
        """The two people introduced, as they are now."""
        if self.status != MADE or self.a is None or self.b is None:
            raise InvalidTransition(
                f"This introduction is {self.status}; only a made introduction is "
                "confirmed or declined by the people introduced.",
                introduction=str(self.id), status=self.status,
            )
        return current(self.a), current(self.b)

    def _ensure_introduced(self, person: str, stamp: Stamp, current: Current) -> None:
        if person not in self.introduced(current):
            raise NotAParticipant("Only the two people introduced confirm or decline it.",
                                  introduction=str(self.id))
        not_before(stamp.at, getattr(self, "made_at", None), "An answer to an introduction",
                   introduction=str(self.id))

    def confirm_by(self, person: str, *, stamp: Stamp, current: Current = _itself) -> None:
        self._ensure_introduced(person, stamp, current)
        a, b = self.introduced(current)
        self._of_distinct_people({"a": a, "b": b})
        if person in {current(p) for p in self.confirmed_by}:
            raise InvalidTransition("This person has already confirmed this introduction.",
                                    introduction=str(self.id), person=person)
        self.trigger_event(self.IntroductionConfirmed, person=person, **stamp.kwargs())

    def refuse_by(self, person: str, *, reason: str | None, stamp: Stamp,
                  current: Current = _itself) -> None:
        self._ensure_introduced(person, stamp, current)
        self.trigger_event(self.IntroductionRefused, person=person,
                           reason=text(reason, "reason"), **stamp.kwargs())


def _distinct(**people: str) -> None:
    if len(set(people.values())) < len(people):
        names = ", ".join(people)
        raise SelfRelationship(f"The {names} of an introduction must be three different people.")


IntroductionRequested = Introduction.IntroductionRequested
IntroductionAccepted = Introduction.IntroductionAccepted
IntroductionDeclined = Introduction.IntroductionDeclined
IntroductionMade = Introduction.IntroductionMade
IntroductionConfirmed = Introduction.IntroductionConfirmed
IntroductionRefused = Introduction.IntroductionRefused
