"""Commands about what passes between two people, on their Relationship aggregate."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from eventsourcing.domain import Aggregate

from domain.actors import Actor
from domain.base import GoodwillEvent, Stamp
from domain.declarations import (
    Changed,
    Choice,
    Doc,
    EventId,
    ForWhom,
    Participant,
    PersonId,
    command,
)
from domain.errors import (
    AlreadyConnected,
    InvalidInput,
    NotAParticipant,
    SelfRelationship,
    UnknownAggregate,
)
from domain.fields import HelpKind, HelpNote, TieContext, TieKind
from domain.ids import relationship_id
from domain.relationship import Relationship
from domain.service import Service


class RelationshipCommands(Service):
    aggregate: ClassVar[type[Aggregate]] = Relationship

    def _participants(self, actor: Actor, first: str, second: str) -> tuple[str, str]:
        if first == second:
            raise SelfRelationship("A person cannot have a relationship with themself.",
                                   person=first)
        if not actor.is_privileged and actor.person_id not in (first, second):
            raise NotAParticipant(
                "Only the two people in a relationship (or an admin) can record events about it."
            )
        self._active_people(first, second)
        return first, second

    def _tie(self, a: str, b: str) -> Relationship:
        tie = self._find(Relationship, relationship_id(a, b))
        if tie is None:
            raise UnknownAggregate("These two people have no relationship yet.", a=a, b=b)
        return tie

    def _tie_holding(self, a: str, b: str, event: str
                     ) -> tuple[Relationship, GoodwillEvent | None]:
        """The relationship holding `event`, a claim between `a` and `b`: theirs, or, for a
        claim made before a merge, the one between records merged into them since (it
        keeps naming the records); with None when no such event is found."""
        tie = self._find(Relationship, relationship_id(a, b))
        found = None if tie is None else self._find_event(tie, event)
        if tie is not None and found is not None:
            return tie, found
        for first in self._records(a):
            for second in self._records(b):
                if (first, second) == (a, b):
                    continue
                other = self._find(Relationship, relationship_id(first, second))
                held = None if other is None else self._find_event(other, event)
                if other is not None and held is not None:
                    return other, held
        if tie is None:
            raise UnknownAggregate("These two people have no relationship yet.", a=a, b=b)
        return tie, None

    def _tie_or_meet(self, a: str, b: str, stamp: Stamp) -> Relationship:
        """The pair's relationship; a first meeting or help connects them (source "met")."""
        tie = self._find(Relationship, relationship_id(a, b))
        return tie or Relationship.connect(a, b, source="met", context="", stamp=stamp)

    @command("Record that two people know each other (\"introduced\" comes from "
             "makeIntroduction).", issuer=Participant("a", "b"))
    def connect(
        self, actor: Actor, stamp: Stamp, *, a: PersonId, b: PersonId,
        source: Annotated[Literal["met", "imported"], Choice("ConnectionSource"),
                          Doc("How they came to know each other.")] = "imported",
        context: TieContext = "",
    ) -> Changed:
        if source == "introduced":
            raise InvalidInput("Introduced connections are recorded by make_introduction.")
        first, second = self._participants(actor, a, b)
        if self._find(Relationship, relationship_id(first, second)) is not None:
            raise AlreadyConnected("These two people are already connected.",
                                   a=first, b=second)
        return [Relationship.connect(first, second, source=source, context=context,
                                     stamp=stamp)]

    @command("Record a meeting between two people: one side's claim until the other "
             "confirms it.", issuer=Participant("a", "b"))
    def record_meeting(self, actor: Actor, stamp: Stamp, *, a: PersonId, b: PersonId,
                       context: TieContext = "") -> Changed:
        first, second = self._participants(actor, a, b)
        tie = self._tie_or_meet(first, second, stamp)
        tie.record_meeting(context=context, privileged=actor.is_privileged, stamp=stamp)
        return [tie]

    @command("Record help given by one person to another: the claim of whoever records "
             "it until the other side confirms it (the receiver also by thanking).",
             issuer=Participant("giver", "receiver"))
    def record_help(
        self, actor: Actor, stamp: Stamp, *, giver: PersonId, receiver: PersonId,
        kind: HelpKind = "advice",
        note: HelpNote = "",
        value: Annotated[float | None, Doc("What it was worth, if anyone knows.")] = None,
    ) -> Changed:
        first, second = self._participants(actor, giver, receiver)
        tie = self._tie_or_meet(first, second, stamp)
        tie.record_help(giver=first, receiver=second, kind=kind, note=note, value=value,
                        privileged=actor.is_privileged, stamp=stamp)
        return [tie]

    @command("Confirm a meeting or help the other person recorded.",
             issuer=Participant("a", "b", "the side that did not claim it"))
    def confirm_event(
        self, actor: Actor, stamp: Stamp, *, a: PersonId, b: PersonId,
        event: Annotated[EventId, Doc("The meeting or help (its event id).")],
    ) -> Changed:
        first, second = self._participants(actor, a, b)
        tie, claim = self._tie_holding(first, second, event)
        tie.confirm(claim, event=event, privileged=actor.is_privileged, stamp=stamp,
                    current=self._survivor)
        return [tie]

    @command("Thank someone for help they gave (names the help's event); this also "
             "confirms the help when the giver recorded it.",
             issuer=Participant("thanker", "thanked", "in their own name"))
    def thank(
        self, actor: Actor, stamp: Stamp, *, thanked: PersonId,
        for_event: Annotated[EventId, Doc("The help (its event id).")],
        thanker: ForWhom = None,
    ) -> Changed:
        thanker_id = self._on_behalf(actor, thanker, "thanker")
        first, second = self._participants(actor, thanker_id, thanked)
        tie, helped = self._tie_holding(first, second, for_event)
        tie.thank(helped, thanker=first, thanked=second, for_event=for_event,
                  privileged=actor.is_privileged, stamp=stamp, current=self._survivor)
        return [tie]

    @command("Say what kind a relationship is, from one side.", issuer=Participant("a", "b"))
    def classify(
        self, actor: Actor, stamp: Stamp, *, a: PersonId, b: PersonId,
        kind: TieKind,
        by: Annotated[PersonId | None, Doc("whose view; default: the acting person")] = None,
    ) -> Changed:
        first, second = self._participants(actor, a, b)
        tie = self._tie(first, second)
        tie.classify(kind=kind, by=actor.recorded_by if by is None else by,
                     privileged=actor.is_privileged, stamp=stamp)
        return [tie]
