"""Collaborative network groups: membership, leadership, clients and their concierges."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.pagination import Page
from api.permissions import AnyToken
from api.schema.common import CommandPayload
from api.schema.types import Group, _first


@strawberry.type
class GroupPayload(CommandPayload):
    @strawberry.field(description="The group as projected after the command.")
    async def group(self, info: Info) -> Group | None:
        rows = await info.context.reads.rows("group_by_id", id=self.aggregate_id)
        return Group(id=strawberry.ID(self.aggregate_id), row=rows[0]) if rows else None


@strawberry.type
class Query:
    @strawberry.field(description="Every group, by name.", permission_classes=[AnyToken])
    async def groups(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Page[Group]:
        page = _first(info, first, after)
        rows = await info.context.reads.rows("groups", skip=page.skip, limit=page.limit)
        return page.page([Group(id=strawberry.ID(row["id"]), row=row) for row in rows])


