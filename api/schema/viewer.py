"""Who the token acts as: what a client shows first after signing in."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.permissions import AnyToken
from api.schema.types import Person


@strawberry.type(description="The caller of this request: its token's role and person.")
class Viewer:
    role: str = strawberry.field(description="person, analyst or admin.")
    person_id: strawberry.ID | None = strawberry.field(
        description="The person a person's token acts as (null for analysts and admins).")

    @strawberry.field(description="That person (null for analysts and admins, or a person "
                      "not in the graph yet).")
    async def person(self, info: Info) -> Person | None:
        if self.person_id is None:
            return None
        return Person.of(await info.context.loaders.person.load(str(self.person_id)))


@strawberry.type
class Query:
    @strawberry.field(description="Who this token acts as.", permission_classes=[AnyToken])
    def me(self, info: Info) -> Viewer:
        principal = info.context.viewer
        person = principal.person_id
        return Viewer(role=str(principal.role),
                      person_id=None if person is None else strawberry.ID(person))
