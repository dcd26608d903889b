"""Relationships between two people: the tie and its history."""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry

from api.context import Info
from api.loaders import pair
from api.permissions import AnyToken
from api.schema.common import Recorded, recorded
from api.schema.types import Relationship


@strawberry.type
class RelationshipPayload:
    recorded: Recorded
    relationship_id: strawberry.Private[str]

    @classmethod
    async def answer(cls, info: Info, result: Any) -> RelationshipPayload:
        return cls(recorded=recorded(result), relationship_id=str(result.aggregate_id))

    @strawberry.field(description="The relationship as projected after the command.")
    async def relationship(self, info: Info) -> Relationship:
        a, b = await asyncio.to_thread(info.context.services.domain.relationship_pair,
                                       self.relationship_id)
        return await _relationship(info, a, b)


async def _relationship(info: Info, a: str, b: str) -> Relationship:
    first, second = pair(a, b)
    row = await info.context.loaders.tie.load((first, second))
    return Relationship.of(first, second, row["tie"] if row else None)


@strawberry.type
class Query:
    @strawberry.field(description="The relationship between two people (in either order).",
                      permission_classes=[AnyToken])
    async def relationship(
        self, info: Info, a: strawberry.ID, b: strawberry.ID
    ) -> Relationship:
        return await _relationship(info, str(a), str(b))
