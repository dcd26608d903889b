"""People: lookup, search, the ledger of what they gave and received, profile commands."""

from __future__ import annotations

import asyncio
import unicodedata
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from api.context import Info
from api.lookahead import tie_window
from api.pagination import Page
from api.permissions import AnyToken
from api.schema.common import CommandPayload
from api.schema.types import Person, _first, aware

# The event whose note a ledger entry of each kind shows (its declaration says whose it is).
NOTE_OF_LEDGER_KIND = {"HELPED": "Helped", "REFERRED": "ReferralGiven"}


@strawberry.enum
class Direction(Enum):
    GAVE = "gave"
    RECEIVED = "received"


@strawberry.type(description="One thing a person gave or received.")
class LedgerEntry:
    row: strawberry.Private[dict[str, Any]]
    viewer_may_see_note: strawberry.Private[bool]

    @strawberry.field
    def event_id(self) -> strawberry.ID:
        return strawberry.ID(self.row.get("event_id") or "")

    @strawberry.field(description="HELPED, REFERRED, THANKED, INTRODUCED …")
    def kind(self) -> str:
        return self.row["kind"]

    @strawberry.field
    def direction(self) -> Direction:
        return Direction.GAVE if self.row.get("gave") else Direction.RECEIVED

    @strawberry.field
    def at(self) -> datetime | None:
        return self.row.get("at")

    @strawberry.field
    def value(self) -> float | None:
        return self.row.get("value")

    @strawberry.field
    def note(self) -> str | None:
        return self.row.get("note") if self.viewer_may_see_note else None

    @strawberry.field(description="A thank-you's help (its event id): a help received is "
                      "thanked when a THANKED entry the person gave names it.")
    def for_event(self) -> strawberry.ID | None:
        for_event = self.row.get("for_event")
        return None if for_event is None else strawberry.ID(for_event)

    @strawberry.field
    async def counterpart(self, info: Info) -> Person | None:
        return Person.of(await info.context.loaders.person.load(self.row["counterpart"]))


@strawberry.type
class PersonPayload(CommandPayload):
    @strawberry.field(description="The person as projected after the command.")
    async def person(self, info: Info) -> Person | None:
        return Person.of(await info.context.loaders.person.load(self.aggregate_id))


@strawberry.type
class Query:
    @strawberry.field(description="One person by id (the id of a record merged into another "
                      "answers that person).", permission_classes=[AnyToken])
    async def person(self, info: Info, id: strawberry.ID) -> Person | None:
        loaders, ties = info.context.loaders, tie_window(info)

        async def load(person_id: str) -> dict[str, Any] | None:
            if ties is None:
                return await loaders.person.load(person_id)
            # asked for their ties too: the person and that page in one statement
            return await loaders.person_with_ties.load((person_id, ties.skip, ties.limit))

        found = await load(str(id))
        if found is None:  # a record merged into another answers as the survivor
            survivor = await asyncio.to_thread(info.context.services.domain.survivor_of,
                                               str(id))
            if survivor is not None:
                found = await load(survivor)
        return Person.of(found)

    @strawberry.field(description="People whose name, headline, organization or tags match.",
                      permission_classes=[AnyToken])
    async def people(
        self,
        info: Info,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Page[Person]:
        page = _first(info, first, after)
        # stored text is NFC: "e" and a combining accent finds "é"
        needle = unicodedata.normalize("NFC", search) if search else None
        rows = await info.context.reads.rows(
            "people_search", search=needle, skip=page.skip, limit=page.limit
        )
        info.context.loaders.prime_people(rows)
        return page.page([Person.of(row) for row in rows])

    @strawberry.field(description="What a person gave and received, newest first, up to "
                      "`asOf` (default: everything).", permission_classes=[AnyToken])
    async def ledger(
        self,
        info: Info,
        person: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
        as_of: datetime | None = None,
    ) -> Page[LedgerEntry]:
        principal = info.context.viewer
        page = _first(info, first, after)
        rows = await info.context.reads.rows(
            "ledger", person=str(person), skip=page.skip, limit=page.limit, asOf=aware(as_of)
        )
        entries = [
            LedgerEntry(row=row, viewer_may_see_note=principal.may_read(
                NOTE_OF_LEDGER_KIND.get(row["kind"], ""), "note",
                giver=str(person) if row.get("gave") else row.get("counterpart"),
                receiver=row.get("counterpart") if row.get("gave") else str(person)))
            for row in rows
        ]
        return page.page(entries)
