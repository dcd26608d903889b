"""Introductions: asked of a broker, accepted or declined, made (also directly)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import strawberry

from api.context import Info
from api.schema.common import Recorded, recorded, stamp
from api.schema.types import Person


@strawberry.type(description="An introduction as the command side holds it.")
class Introduction:
    id: strawberry.ID
    state: strawberry.Private[Any]

    @strawberry.field(description="requested, accepted, declined or made.")
    def status(self) -> str:
        return self.state.status

    @strawberry.field
    async def broker(self, info: Info) -> Person | None:
        return Person.of(await info.context.loaders.person.load(self.state.broker))

    @strawberry.field
    def requester(self) -> strawberry.ID | None:
        return self.state.requester

    @strawberry.field
    def target(self) -> strawberry.ID | None:
        return self.state.target

    @strawberry.field(description="The two people introduced (once made).")
    def introduced(self) -> list[strawberry.ID]:
        return [strawberry.ID(x) for x in (self.state.a, self.state.b) if x]

    @strawberry.field(description="Private to the people involved, analysts and admins.")
    def message(self, info: Info) -> str | None:
        viewer = info.context.require()
        people = (self.state.requester, self.state.target, self.state.broker)
        return self.state.message if viewer.may_see_private_of(*people) else None


@strawberry.type
class IntroductionPayload:
    recorded: Recorded
    introduction: Introduction


async def _answer(info: Info, result: Any) -> IntroductionPayload:
    state = await asyncio.to_thread(
        info.context.services.domain.get_introduction, result.aggregate_id
    )
    intro = Introduction(id=strawberry.ID(str(result.aggregate_id)), state=state)
    return IntroductionPayload(recorded=recorded(result), introduction=intro)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Ask a broker to introduce you to a target.")
    async def request_introduction(
        self,
        info: Info,
        target: strawberry.ID,
        broker: strawberry.ID,
        requester: strawberry.ID | None = None,
        message: str = "",
        path: list[strawberry.ID] | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> IntroductionPayload:
        result = await info.context.command(
            "request_introduction", requester=str(requester) if requester else None,
            target=str(target),
            broker=str(broker), message=message, path=[str(p) for p in path or []],
            **stamp(at, idempotency_key),
        )
        return await _answer(info, result)

    @strawberry.mutation(description="The broker accepts a request.")
    async def accept_introduction(
        self,
        info: Info,
        introduction: strawberry.ID,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> IntroductionPayload:
        result = await info.context.command(
            "accept_introduction", introduction=str(introduction), **stamp(at, idempotency_key)
        )
        return await _answer(info, result)

    @strawberry.mutation(description="The broker declines a request.")
    async def decline_introduction(
        self,
        info: Info,
        introduction: strawberry.ID,
        reason: str = "",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> IntroductionPayload:
        result = await info.context.command(
            "decline_introduction", introduction=str(introduction), reason=reason,
            **stamp(at, idempotency_key),
        )
        return await _answer(info, result)

    @strawberry.mutation(
        description="Make an introduction: an accepted request (`introduction`), or directly "
        "between `a` and `b` by the broker."
    )
    async def make_introduction(
        self,
        info: Info,
        introduction: strawberry.ID | None = None,
        broker: strawberry.ID | None = None,
        a: strawberry.ID | None = None,
        b: strawberry.ID | None = None,
        context: str = "",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> IntroductionPayload:
        ids = {"introduction": introduction, "broker": broker, "a": a, "b": b}
        given = {key: str(value) for key, value in ids.items() if value is not None}
        result = await info.context.command(
            "make_introduction", **given, context=context, **stamp(at, idempotency_key)
        )
        return await _answer(info, result)
