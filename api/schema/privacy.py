"""A person's data on request (`docs/privacy.md`): the event store's document
(`domain.privacy.export`) plus what the graph says of them now."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import strawberry

from api.context import Info
from api.errors import ApiError
from api.permissions import ActsForPeople


async def graph_view(info: Info, person: str) -> dict[str, Any]:
    """Their node's scores and their ties, as the graph has them now."""
    row = await info.context.loaders.person.load(person)
    ties = await info.context.loaders.ties_of.load(person)
    return {"scores": dict(row or {}), "ties": [dict(t) for t in ties]}


@strawberry.type
class Query:
    @strawberry.field(description=(
        "Everything Goodwill holds about a person, as one JSON document: profile, every "
        "event they recorded or are named in, their ties and scores, and the import lines "
        "that bring the profile back. For the person themself and admins."),
        permission_classes=[ActsForPeople])
    async def export_person_data(self, info: Info, person: strawberry.ID) -> str:
        from domain.privacy.export import person_data

        viewer = info.context.viewer
        if viewer.person_id is not None and viewer.person_id != str(person):
            raise ApiError("FORBIDDEN", "A person can export only their own data.")
        document = await asyncio.to_thread(person_data, info.context.services.domain,
                                           str(person))
        document["graph"] = await graph_view(info, document["person"]["id"])
        return json.dumps(document, sort_keys=True, default=str)
