"""Commands about introductions: asked of a broker, accepted or declined, made."""

from __future__ import annotations

from typing import Annotated, ClassVar
from uuid import uuid4

from eventsourcing.domain import Aggregate

from domain.actors import Actor
from domain.base import Stamp
from domain.declarations import (
    Changed,
    Doc,
    ForWhom,
    HolderOf,
    IntroductionId,
    PersonId,
    Themself,
    command,
)
from domain.errors import BrokerUnavailable, InvalidInput, NotConnected
from domain.fields import DeclineReason, IntroductionContext, Message, RefusalReason
from domain.ids import relationship_id
from domain.introduction import Introduction
from domain.relationship import Relationship
from domain.service import Service

BROKER = HolderOf("the broker of the introduction")


class IntroductionCommands(Service):
    aggregate: ClassVar[type[Aggregate]] = Introduction

    def _introduction_for_broker(self, actor: Actor, introduction: str) -> Introduction:
        return self._held(actor, Introduction, introduction, "introduction", "broker",
                          "Only the broker of an introduction can answer or make it.")

    @command("Ask a broker to introduce the requester to a target.",
             issuer=Themself("requester"))
    def request_introduction(
        self, actor: Actor, stamp: Stamp, *, target: PersonId, broker: PersonId,
        message: Message = "",
        path: Annotated[list[PersonId] | None,
                        Doc("The warm path used, from requester to target.")] = None,
        requester: ForWhom = None,
    ) -> Changed:
        assert requester is not None  # resolved from the actor (Themself)
        intro = Introduction.request(uuid4(), requester=requester, target=target,
                                     broker=broker, message=message, path=path or [],
                                     stamp=stamp)
        self._active_people(requester, target)
        if not self._active_person(broker).accepts_introduction_requests:
            raise BrokerUnavailable("This person does not take introduction requests.",
                                    broker=broker)
        return [intro]

    @command("The broker accepts a request.", issuer=BROKER)
    def accept_introduction(self, actor: Actor, stamp: Stamp, *,
                            introduction: IntroductionId) -> Changed:
        intro = self._introduction_for_broker(actor, introduction)
        intro.accept(stamp=stamp, current=self._survivor)
        return [intro]

    @command("The broker declines a request.", issuer=BROKER)
    def decline_introduction(self, actor: Actor, stamp: Stamp, *,
                             introduction: IntroductionId, reason: DeclineReason = "") -> Changed:
        intro = self._introduction_for_broker(actor, introduction)
        intro.decline(reason=reason, stamp=stamp)
        return [intro]

    def _connect_introduced(self, intro: Introduction, stamp: Stamp) -> list[Aggregate]:
        """The tie of the two introduced (as they are now), when they have none yet: none
        of their own, nor one between records merged into them."""
        a, b = intro.introduced(self._survivor)
        if any(self._find(Relationship, relationship_id(first, second)) is not None
               for first in self._records(a) for second in self._records(b)):
            return []
        return [Relationship.connect(
            a, b, source="introduced", context=intro.context, stamp=stamp,
            introduced_by=self._survivor(intro.broker), introduction_id=str(intro.id),
        )]

    def _ensure_broker_knows(self, broker: str, *people: str) -> None:
        for person in people:
            if self._find(Relationship, relationship_id(broker, person)) is None:
                raise NotConnected("A broker introduces only people they have a tie with.",
                                   broker=broker, person=person)

    @command("Make an introduction: an accepted request (`introduction`), or directly "
             "between `a` and `b` by the broker (default: the acting person), who must have "
             "a tie with both. It counts once one of the two introduced confirms it (the "
             "requester of a request has, by asking) and fully once both have; a and b are "
             "connected then, unless they already know each other.",
             issuer=HolderOf("the broker (of the request, or the acting person)"))
    def make_introduction(
        self, actor: Actor, stamp: Stamp, *, introduction: IntroductionId | None = None,
        broker: PersonId | None = None, a: PersonId | None = None, b: PersonId | None = None,
        context: IntroductionContext = "",
    ) -> Changed:
        if introduction is not None and (a is not None or b is not None or broker is not None):
            raise InvalidInput("Give either an introduction to make, or a and b, not both.")
        if introduction is not None:
            intro = self._introduction_for_broker(actor, introduction)
            intro.make(context=context, stamp=stamp, current=self._survivor)
        elif a is None or b is None:
            raise InvalidInput("Name the two people to introduce (a and b).")
        else:
            intro = Introduction.make_directly(
                uuid4(), broker=self._on_behalf(actor, broker, "broker"), a=a, b=b,
                context=context, stamp=stamp)
        assert intro.a is not None and intro.b is not None
        self._active_people(intro.broker, intro.a, intro.b)
        if introduction is None and not actor.is_privileged:
            self._ensure_broker_knows(intro.broker, intro.a, intro.b)
        if not intro.confirmed_by:  # the broker's word alone connects nobody
            return [intro]
        return [intro, *self._connect_introduced(intro, stamp)]

    @command("One of the two people introduced confirms a made introduction: it counts "
             "once one of them has, fully once both have.", issuer=Themself("person"))
    def confirm_introduction(self, actor: Actor, stamp: Stamp, *,
                             introduction: IntroductionId, person: ForWhom = None) -> Changed:
        assert person is not None  # resolved from the actor (Themself)
        intro = self._load(Introduction, introduction, "introduction")
        intro.confirm_by(person, stamp=stamp, current=self._survivor)
        self._active_people(person)
        return [intro, *self._connect_introduced(intro, stamp)]

    @command("One of the two people introduced declines a made introduction: it no longer "
             "counts, for the tie or for the broker.", issuer=Themself("person"))
    def refuse_introduction(self, actor: Actor, stamp: Stamp, *,
                            introduction: IntroductionId, reason: RefusalReason = "",
                            person: ForWhom = None) -> Changed:
        assert person is not None  # resolved from the actor (Themself)
        intro = self._load(Introduction, introduction, "introduction")
        intro.refuse_by(person, reason=reason, stamp=stamp, current=self._survivor)
        return [intro]
