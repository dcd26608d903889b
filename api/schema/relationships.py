"""Relationships between two people: the tie, its history, and the commands that feed it."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from api.context import Info
from api.loaders import pair
from api.schema.common import Recorded, recorded, stamp
from api.schema.types import Relationship, RelationshipKind


@strawberry.enum
class ConnectionSource(Enum):
    MET = "met"
    IMPORTED = "imported"
    INTRODUCED = "introduced"


@strawberry.type
class RelationshipPayload:
    recorded: Recorded
    a: strawberry.Private[str]
    b: strawberry.Private[str]

    @strawberry.field(description="The relationship as projected after the command.")
    async def relationship(self, info: Info) -> Relationship:
        first, second = pair(self.a, self.b)
        row = await info.context.loaders.tie.load((first, second))
        return Relationship.of(first, second, row["tie"] if row else None)


def _opt(value: strawberry.ID | None) -> str | None:
    return None if value is None else str(value)


def _acting(info: Info, person: strawberry.ID | None) -> str:
    """`person`, or the caller when omitted (a person acts as themself)."""
    return str(person) if person is not None else str(info.context.require().person_id)


async def _relationship(info: Info, a: str, b: str) -> Relationship:
    first, second = pair(a, b)
    row = await info.context.loaders.tie.load((first, second))
    return Relationship.of(first, second, row["tie"] if row else None)


@strawberry.type
class Query:
    @strawberry.field(description="The relationship between two people (in either order).")
    async def relationship(
        self, info: Info, a: strawberry.ID, b: strawberry.ID
    ) -> Relationship:
        info.context.require()
        return await _relationship(info, str(a), str(b))


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Record that two people are connected.")
    async def connect(
        self,
        info: Info,
        a: strawberry.ID,
        b: strawberry.ID,
        source: ConnectionSource = ConnectionSource.IMPORTED,
        context: str = "",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> RelationshipPayload:
        result = await info.context.command(
            "connect", a=str(a), b=str(b), source=source.value, context=context,
            **stamp(at, idempotency_key),
        )
        return RelationshipPayload(recorded=recorded(result), a=str(a), b=str(b))

    @strawberry.mutation(description="Record a meeting between two people.")
    async def record_meeting(
        self,
        info: Info,
        a: strawberry.ID,
        b: strawberry.ID,
        context: str = "",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> RelationshipPayload:
        result = await info.context.command(
            "record_meeting", a=str(a), b=str(b), context=context, **stamp(at, idempotency_key)
        )
        return RelationshipPayload(recorded=recorded(result), a=str(a), b=str(b))

    @strawberry.mutation(description="Record help given by one person to another.")
    async def record_help(
        self,
        info: Info,
        giver: strawberry.ID,
        receiver: strawberry.ID,
        kind: str = "advice",
        note: str = "",
        value: float | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> RelationshipPayload:
        result = await info.context.command(
            "record_help", giver=str(giver), receiver=str(receiver), kind=kind, note=note,
            value=value, **stamp(at, idempotency_key),
        )
        return RelationshipPayload(recorded=recorded(result), a=str(giver), b=str(receiver))

    @strawberry.mutation(description="Confirm a meeting or help the other person recorded.")
    async def confirm_event(
        self,
        info: Info,
        a: strawberry.ID,
        b: strawberry.ID,
        event: strawberry.ID,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> RelationshipPayload:
        result = await info.context.command(
            "confirm_event", a=str(a), b=str(b), event=str(event), **stamp(at, idempotency_key)
        )
        return RelationshipPayload(recorded=recorded(result), a=str(a), b=str(b))

    @strawberry.mutation(description="Thank someone for help they gave (names the event).")
    async def thank(
        self,
        info: Info,
        thanked: strawberry.ID,
        for_event: strawberry.ID,
        thanker: strawberry.ID | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> RelationshipPayload:
        result = await info.context.command(
            "thank", thanker=_opt(thanker), thanked=str(thanked), for_event=str(for_event),
            **stamp(at, idempotency_key),
        )
        thanker_id = _acting(info, thanker)
        return RelationshipPayload(recorded=recorded(result), a=thanker_id, b=str(thanked))

    @strawberry.mutation(description="Say what kind a relationship is, from one side.")
    async def classify(
        self,
        info: Info,
        a: strawberry.ID,
        b: strawberry.ID,
        kind: RelationshipKind,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> RelationshipPayload:
        result = await info.context.command(
            "classify", a=str(a), b=str(b), kind=kind.value, **stamp(at, idempotency_key)
        )
        return RelationshipPayload(recorded=recorded(result), a=str(a), b=str(b))
