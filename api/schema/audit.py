"""The audit trail: every event of one aggregate, replayed from the event store."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from typing import Any

import strawberry

from api.context import Info
from api.errors import ApiError
from api.pagination import Page
from api.permissions import AnyToken
from api.schema.types import _first, aware

# Attributes naming people: a person may read a trail that names them.
PEOPLE_ATTRIBUTES = ("a", "b", "giver", "receiver", "thanker", "thanked", "requester",
                     "target", "broker", "person", "member", "client", "leader", "founder",
                     "prospect", "by", "duplicate", "into")


@strawberry.type(description="One recorded event, as stored.")
class AuditEntry:
    event_id: strawberry.ID
    event: str = strawberry.field(description="The event name, e.g. Helped.")
    version: int
    at: datetime = strawberry.field(description="When it happened in the world.")
    recorded_at: datetime
    recorded_by: str
    attributes: str = strawberry.field(description="The event's own attributes as JSON.")


def _named(entries: list[Any], aggregate_id: str) -> set[str]:
    people = {aggregate_id}
    for entry in entries:
        people.update(str(entry.attributes[k]) for k in PEOPLE_ATTRIBUTES
                      if entry.attributes.get(k))
    return people


def _as_type(entry: Any) -> AuditEntry:
    attributes = entry.as_dict()["attributes"]
    return AuditEntry(
        event_id=strawberry.ID(entry.event_id), event=entry.event, version=entry.version,
        at=entry.at, recorded_at=entry.recorded_at, recorded_by=entry.recorded_by,
        attributes=json.dumps(attributes, sort_keys=True, default=str),
    )


@strawberry.type
class Query:
    @strawberry.field(description="Every event of an aggregate (person, relationship, "
                      "introduction, referral, group) in recorded order: those that had "
                      "happened by `asOf` (world time) and that Goodwill had recorded by "
                      "`knownAt` (recorded time).", permission_classes=[AnyToken])
    async def audit_trail(
        self,
        info: Info,
        aggregate_id: strawberry.ID,
        as_of: datetime | None = None,
        first: int | None = None,
        after: str | None = None,
        known_at: datetime | None = None,
    ) -> Page[AuditEntry]:
        from domain.audit import audit_trail
        from domain.visibility import visible_trail

        viewer = info.context.viewer
        page = _first(info, first, after)
        entries = await asyncio.to_thread(
            audit_trail, info.context.services.domain, str(aggregate_id), aware(as_of),
            aware(known_at))
        if not entries:
            raise ApiError("NOT_FOUND", f"Nothing has been recorded under {aggregate_id}.")
        people = _named(entries, entries[0].aggregate_id) | {
            e.aggregate_id for e in entries}  # a person's trail: their merged records too
        if not viewer.may_see_private_of(*people):
            raise ApiError("FORBIDDEN", "A person can read the audit trails that name them.")
        # Private attributes only for the people they concern (and analysts, admins), as
        # the graph reads show them.
        shown = visible_trail(entries, lambda concerned: viewer.may_see_private_of(*concerned))
        return page.slice([_as_type(entry) for entry in shown])
