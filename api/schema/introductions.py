"""Introductions: asked of a broker, accepted or declined, made (also directly), then
confirmed or declined by the people introduced."""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry

from api.context import Info
from api.schema.common import CommandPayload
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

    @strawberry.field(description="The requester, as a person (null for a direct one).")
    async def requester_person(self, info: Info) -> Person | None:
        if not self.state.requester:
            return None
        return Person.of(await info.context.loaders.person.load(str(self.state.requester)))

    @strawberry.field(description="The target, as a person (null for a direct one).")
    async def target_person(self, info: Info) -> Person | None:
        if not self.state.target:
            return None
        return Person.of(await info.context.loaders.person.load(str(self.state.target)))

    @strawberry.field(description="The two people introduced (once made).")
    def introduced(self) -> list[strawberry.ID]:
        return [strawberry.ID(x) for x in (self.state.a, self.state.b) if x]

    @strawberry.field(description="Who of the two introduced confirmed it (the requester "
                      "of a request by asking): it counts once one has, fully once both have.")
    def confirmed_by(self) -> list[strawberry.ID]:
        return [strawberry.ID(x) for x in getattr(self.state, "confirmed_by", [])]

    @strawberry.field(description="Who declined it: the broker (a request) or one of the two "
                      "introduced (a made introduction, which then no longer counts).")
    def declined_by(self) -> strawberry.ID | None:
        declined_by = getattr(self.state, "declined_by", None)
        return None if declined_by is None else strawberry.ID(declined_by)

    @strawberry.field(description="Private to the people involved, analysts and admins.")
    def message(self, info: Info) -> str | None:
        may_read = info.context.viewer.may_read(
            "IntroductionRequested", "message", requester=self.state.requester,
            target=self.state.target, broker=self.state.broker)
        return self.state.message if may_read else None


@strawberry.type
class IntroductionPayload(CommandPayload):
    @strawberry.field(description="The introduction after the command.")
    async def introduction(self, info: Info) -> Introduction | None:
        state = await asyncio.to_thread(
            info.context.services.domain.get_introduction, self.aggregate_id)
        return Introduction(id=strawberry.ID(self.aggregate_id), state=state)
