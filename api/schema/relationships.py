"""Relationships between two people: the tie and its history."""

from __future__ import annotations

import asyncio
from datetime import datetime

import strawberry

from api.context import Info
from api.loaders import pair
from api.permissions import AnyToken
from api.schema.common import CommandPayload
from api.schema.types import Relationship, aware


@strawberry.type
class RelationshipPayload(CommandPayload):
    @strawberry.field(description="The relationship as projected after the command.")
    async def relationship(self, info: Info) -> Relationship | None:
        a, b = await asyncio.to_thread(info.context.services.domain.relationship_pair,
                                       self.aggregate_id)
        return await _relationship(info, a, b)


async def _relationship(info: Info, a: str, b: str, as_of: datetime | None = None
                        ) -> Relationship:
    first, second = pair(a, b)
    row = await info.context.loaders.tie.load((first, second))
    return Relationship.of(info.context.loaders, first, second,
                           row["tie"] if row else None, as_of)


@strawberry.type
class Query:
    @strawberry.field(description="The relationship between two people (in either order), "
                      "now or as it was at `asOf`.", permission_classes=[AnyToken])
    async def relationship(
        self, info: Info, a: strawberry.ID, b: strawberry.ID, as_of: datetime | None = None
    ) -> Relationship:
        return await _relationship(info, str(a), str(b), aware(as_of))
