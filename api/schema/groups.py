"""Collaborative network groups: membership, leadership, clients and their concierges."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.context import Info
from api.pagination import Page
from api.schema.common import Recorded, recorded, stamp
from api.schema.types import Group, _first


@strawberry.type
class GroupPayload:
    recorded: Recorded
    group_id: strawberry.Private[str]

    @strawberry.field(description="The group as projected after the command.")
    async def group(self, info: Info) -> Group | None:
        rows = await info.context.reads.rows("group_by_id", id=self.group_id)
        return Group(id=strawberry.ID(self.group_id), row=rows[0]) if rows else None


@strawberry.type
class Query:
    @strawberry.field(description="Every group, by name.")
    async def groups(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Page[Group]:
        info.context.require()
        page = _first(info, first, after)
        rows = await info.context.reads.rows("groups", skip=page.skip, limit=page.limit)
        return page.page([Group(id=strawberry.ID(row["id"]), row=row) for row in rows])


def _opt(value: strawberry.ID | None) -> str | None:
    return None if value is None else str(value)


def _payload(result) -> GroupPayload:
    return GroupPayload(recorded=recorded(result), group_id=str(result.aggregate_id))


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Form a group; the founder joins as its leader.")
    async def form_group(
        self,
        info: Info,
        name: str,
        purpose: str = "",
        founder: strawberry.ID | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> GroupPayload:
        result = await info.context.command(
            "form_group", name=name, purpose=purpose, founder=_opt(founder),
            **stamp(at, idempotency_key),
        )
        return _payload(result)

    @strawberry.mutation(description="A person joins a group.")
    async def join_group(
        self,
        info: Info,
        group: strawberry.ID,
        person: strawberry.ID | None = None,
        role: str = "member",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> GroupPayload:
        result = await info.context.command(
            "join_group", group=str(group), person=_opt(person), role=role,
            **stamp(at, idempotency_key),
        )
        return _payload(result)

    @strawberry.mutation(description="A person leaves a group.")
    async def leave_group(
        self,
        info: Info,
        group: strawberry.ID,
        person: strawberry.ID | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> GroupPayload:
        result = await info.context.command(
            "leave_group", group=str(group), person=_opt(person), **stamp(at, idempotency_key)
        )
        return _payload(result)

    @strawberry.mutation(description="Pass the leadership to another member.")
    async def rotate_leadership(
        self,
        info: Info,
        group: strawberry.ID,
        leader: strawberry.ID,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> GroupPayload:
        result = await info.context.command(
            "rotate_leadership", group=str(group), leader=str(leader),
            **stamp(at, idempotency_key),
        )
        return _payload(result)

    @strawberry.mutation(description="A member brings a client and stays its concierge.")
    async def bring_client(
        self,
        info: Info,
        group: strawberry.ID,
        client: strawberry.ID,
        member: strawberry.ID | None = None,
        needs: str = "",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> GroupPayload:
        result = await info.context.command(
            "bring_client", group=str(group), member=_opt(member), client=str(client),
            needs=needs, **stamp(at, idempotency_key),
        )
        return _payload(result)

    @strawberry.mutation(description="A member serves a client of the group.")
    async def serve_client(
        self,
        info: Info,
        group: strawberry.ID,
        client: strawberry.ID,
        member: strawberry.ID | None = None,
        note: str = "",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> GroupPayload:
        result = await info.context.command(
            "serve_client", group=str(group), member=_opt(member), client=str(client),
            note=note, **stamp(at, idempotency_key),
        )
        return _payload(result)
