from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.actors import Actor
from domain.base import Stamp
from domain.errors import (
    AlreadyConnected,
    InvalidInput,
    NotAParticipant,
    SelfRelationship,
    UnknownAggregate,
)
from domain.ids import as_id, relationship_id
from domain.relationship import Relationship
from domain.service import Recorded, Service


class RelationshipCommands(Service):
    def _participants(self, actor: Actor, a: UUID | str, b: UUID | str) -> tuple[str, str]:
        first, second = as_id(a, "person id"), as_id(b, "person id")
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

    def _tie_or_meet(self, a: str, b: str, stamp: Stamp) -> Relationship:
        """The pair's relationship; a first meeting or help connects them (source "met")."""
        tie = self._find(Relationship, relationship_id(a, b))
        return tie or Relationship.connect(a, b, source="met", context="", stamp=stamp)

    def connect(
        self,
        actor: Actor,
        *,
        a: UUID | str,
        b: UUID | str,
        source: str = "imported",
        context: str | None = "",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """Record that two people know each other ("met" or "imported"; "introduced" comes
        from make_introduction)."""
        if source == "introduced":
            raise InvalidInput("Introduced connections are recorded by make_introduction.")

        def decide(stamp: Stamp) -> list[Relationship]:
            first, second = self._participants(actor, a, b)
            if self._find(Relationship, relationship_id(first, second)) is not None:
                raise AlreadyConnected("These two people are already connected.",
                                       a=first, b=second)
            return [Relationship.connect(first, second, source=source, context=context,
                                         stamp=stamp)]

        return self._run("connect", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def record_meeting(
        self,
        actor: Actor,
        *,
        a: UUID | str,
        b: UUID | str,
        context: str | None = "",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """A meeting of a and b. Recorded by one of them it is a claim (unconfirmed) until
        the other confirms; recorded by an admin or the system it is confirmed."""

        def decide(stamp: Stamp) -> list[Relationship]:
            first, second = self._participants(actor, a, b)
            tie = self._tie_or_meet(first, second, stamp)
            tie.record_meeting(context=context, privileged=actor.is_privileged, stamp=stamp)
            return [tie]

        return self._run("record_meeting", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def record_help(
        self,
        actor: Actor,
        *,
        giver: UUID | str,
        receiver: UUID | str,
        kind: str | None = "",
        note: str | None = "",
        value: float | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """Giver helped receiver. Confirmed when the receiver (or an admin) records it; a
        claim by the giver counts less until the receiver confirms or thanks."""

        def decide(stamp: Stamp) -> list[Relationship]:
            first, second = self._participants(actor, giver, receiver)
            tie = self._tie_or_meet(first, second, stamp)
            tie.record_help(giver=first, receiver=second, kind=kind, note=note, value=value,
                            privileged=actor.is_privileged, stamp=stamp)
            return [tie]

        return self._run("record_help", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def confirm_event(
        self,
        actor: Actor,
        *,
        a: UUID | str,
        b: UUID | str,
        event: UUID | str,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """The other side confirms a meeting or help claimed by one side."""
        event_ref = as_id(event, "event id")

        def decide(stamp: Stamp) -> list[Relationship]:
            first, second = self._participants(actor, a, b)
            tie = self._tie(first, second)
            tie.confirm(self._find_event(tie, event_ref), event=event_ref,
                        privileged=actor.is_privileged, stamp=stamp)
            return [tie]

        return self._run("confirm_event", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def thank(
        self,
        actor: Actor,
        *,
        thanked: UUID | str,
        for_event: UUID | str,
        thanker: UUID | str | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """Thank `thanked` for a help they gave (`for_event`, a Helped of the pair); this
        also confirms that help. `thanker` defaults to the acting person."""
        event_ref = as_id(for_event, "event id")
        thanker_id = self._on_behalf(actor, thanker, "thanker")

        def decide(stamp: Stamp) -> list[Relationship]:
            first, second = self._participants(actor, thanker_id, thanked)
            tie = self._tie(first, second)
            tie.thank(self._find_event(tie, event_ref), thanker=first, thanked=second,
                      for_event=event_ref, privileged=actor.is_privileged, stamp=stamp)
            return [tie]

        return self._run("thank", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def classify(
        self,
        actor: Actor,
        *,
        a: UUID | str,
        b: UUID | str,
        kind: str,
        by: UUID | str | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """personal / functional / strategic, as seen by `by` (default: the actor)."""
        by_id = actor.recorded_by if by is None else as_id(by, "person id")

        def decide(stamp: Stamp) -> list[Relationship]:
            first, second = self._participants(actor, a, b)
            tie = self._tie(first, second)
            tie.classify(kind=kind, by=by_id, privileged=actor.is_privileged, stamp=stamp)
            return [tie]

        return self._run("classify", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)
