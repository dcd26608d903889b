"""The object types of the graph as clients see them. Each wraps one row of a named Cypher
statement; nested fields go through the request's dataloaders."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Generator
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Generic, TypeVar, cast

import strawberry

from api.auth import Role
from api.context import Info
from api.errors import ApiError
from api.loaders import Loaders, pair
from api.pagination import Page, window
from domain.base import EARLIEST_AT
from domain.errors import UnknownPerson
from scoring import strength as scoring


def _first(info: Info, first: int | None, after: str | None):
    limits = info.context.services.settings.limits
    return window(first, after, limits.page_size, limits.max_page_size)


def aware(at: datetime | None) -> datetime | None:
    """An instant a read is asked at: without a time zone it is read as UTC; before the
    earliest instant history can hold, it is refused."""
    if at is None:
        return None
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at
    if at < EARLIEST_AT:
        raise ApiError("INVALID_INPUT", f"Ask about {EARLIEST_AT.date()} or later; Goodwill "
                       "holds no history before then.")
    return at


def strength_at(m: float | None, at: datetime | None) -> float:
    try:
        return scoring.strength(m or 0.0, aware(at) or datetime.now(tz=UTC))
    except OverflowError:  # decay over millennia leaves floats behind
        raise ApiError("INVALID_INPUT", "`at` is too far from today to score.") from None


T = TypeVar("T")


def later(awaitable: Awaitable[T]) -> T:
    """What a resolver that answers at once when it can returns when it cannot: graphql-core
    awaits an awaitable a field returns. A page of ties whose fields all answer at once
    (now, with the cards the page brought) completes without a task per field."""
    return cast(T, awaitable)


class Deferred(Generic[T]):
    """The value of a plain field that needs a read (as of an instant, or a card the page
    did not bring): graphql-core awaits it only when a query asks for the field, so the
    read starts then, not when the object is made. Plain fields complete several times
    faster than resolvers, which matters on a page of ties."""

    __slots__ = ("_read",)

    def __init__(self, read: Callable[[], Awaitable[T]]) -> None:
        self._read = read

    def __await__(self) -> Generator[Any, None, T]:
        return self._read().__await__()


def deferred(read: Callable[[], Awaitable[T]]) -> T:
    return cast(T, Deferred(read))


def _strength_as_of(info: Info, a: str, b: str, tie: dict[str, Any] | None,
                    at: datetime | None, known_at: datetime | None = None) -> float:
    """Now: from the tie's stored mass. At an instant: re-summed from the deposits dated by
    then (a confirmation counts from its own date, which may follow the tie's last event);
    known at a recorded instant, from those the store had recorded by then."""
    at, known_at = aware(at), aware(known_at)
    if (at is None and known_at is None) or not tie:
        return strength_at((tie or {}).get("m"), at)
    return later(_strength_then(info, a, b, at or datetime.now(tz=UTC), known_at))


async def _strength_then(info: Info, a: str, b: str, at: datetime,
                         known_at: datetime | None) -> float:
    found = await info.context.loaders.tie_as_of.load((a, b, at, known_at))
    return 0.0 if found is None else found.strength


@strawberry.enum
class RelationshipKind(Enum):
    PERSONAL = "personal"
    FUNCTIONAL = "functional"
    STRATEGIC = "strategic"


def _kind(value: str | None) -> RelationshipKind | None:
    try:
        return RelationshipKind(value) if value else None
    except ValueError:
        return None


@strawberry.type(description="How a person can be reached and recognised; imports match "
                 "people on these.")
class Identifiers:
    emails: list[str] = strawberry.field(description="Case-folded e-mail addresses.")
    phones: list[str] = strawberry.field(description="Phone numbers in E.164.")
    linkedin: list[str] = strawberry.field(description="LinkedIn profiles as "
                                           "linkedin.com/in/<name>.")


@strawberry.type(description="A member of the network, as projected into the graph.")
class Person:
    id: strawberry.ID
    row: strawberry.Private[dict[str, Any]]
    # The card's fields are plain attributes, not resolvers: a page of ties completes
    # several per tie, and graphql-core completes an attribute in a fraction of the time.
    name: str
    headline: str
    organization: str | None
    tags: list[str]
    accepts_introductions: bool = strawberry.field(
        description="Whether they accept introduction requests as a broker.")

    @classmethod
    def of(cls, row: dict[str, Any] | None) -> Person | None:
        if row is None:
            return None
        accepts = row.get("accepts_introductions")
        return cls(id=strawberry.ID(row["id"]), row=row, name=row.get("name") or "",
                   headline=row.get("headline") or "", organization=row.get("organization"),
                   tags=list(row.get("tags") or []),
                   accepts_introductions=True if accepts is None else bool(accepts))

    @strawberry.field(description="Their note on brokering; private to them, analysts, admins.")
    def brokering_note(self, info: Info) -> str | None:
        may_read = info.context.viewer.may_read("BrokeringPreferenceSet", "note",
                                                subject=str(self.id))
        return self.row.get("brokering_note") if may_read else None

    @strawberry.field(description="The e-mail addresses, phone numbers and profile URLs they "
                      "are known by, from the event store (never projected into the graph); "
                      "for the person themself and admins, null for everyone else.")
    async def identifiers(self, info: Info) -> Identifiers | None:
        viewer = info.context.viewer
        if not (viewer.role is Role.ADMIN or viewer.person_id == str(self.id)):
            return None
        try:
            person = await asyncio.to_thread(info.context.services.domain.get_person,
                                             str(self.id))
        except UnknownPerson:  # a graph built from another store
            return None
        return Identifiers(emails=list(person.emails), phones=list(person.phones),
                           linkedin=list(person.profiles))

    async def _ledger_as_of(self, info: Info, as_of: datetime | None) -> dict[str, Any]:
        """Their given / received now (the profile's counts), or as of an instant."""
        at = aware(as_of)
        if at is None:
            return self.row
        return await info.context.loaders.ledger_as_of.load((str(self.id), at))

    @strawberry.field(description="What they gave that the other side confirmed: help, "
                      "accepted referrals, introductions one of the two introduced confirmed "
                      "and neither declined; `asOf` an instant: as it stood then.")
    async def given(self, info: Info, as_of: datetime | None = None) -> float:
        return float((await self._ledger_as_of(info, as_of)).get("given") or 0.0)

    @strawberry.field(description="Help and referrals they gave that the other side has not "
                      "confirmed yet (not counted in `given`).")
    def unconfirmed_given(self) -> float:
        return float(self.row.get("given_unconfirmed") or 0.0)

    @strawberry.field(description="What they received that they confirmed (help, accepted "
                      "referrals); `asOf` an instant: as it stood then.")
    async def received(self, info: Info, as_of: datetime | None = None) -> float:
        return float((await self._ledger_as_of(info, as_of)).get("received") or 0.0)

    @strawberry.field
    def influence(self) -> float | None:
        return self.row.get("influence")

    @strawberry.field
    def brokerage(self) -> float | None:
        return self.row.get("brokerage")

    @strawberry.field
    def forgotten(self) -> bool:
        return bool(self.row.get("forgotten"))

    @strawberry.field(description="Their ties, most recently active first; with `asOf`, "
                      "only the ties they had by then, each read as it stood then.")
    async def ties(
        self, info: Info, first: int | None = None, after: str | None = None,
        as_of: datetime | None = None,
    ) -> Page[Tie]:
        page = _first(info, first, after)
        as_of, loaders = aware(as_of), info.context.loaders
        if as_of is None:  # the page cut in Cypher, with the other sides' cards
            rows = await loaders.tie_page.load((str(self.id), page.skip, page.limit))
            return page.page([Tie.of(loaders, str(self.id), row) for row in rows])
        rows = await loaders.ties_of.load(str(self.id))
        then = await loaders.tie_as_of.load_many(
            [(str(self.id), row["other"], as_of, None) for row in rows])
        rows = [row for row, tie in zip(rows, then, strict=True) if tie is not None]
        return page.slice([Tie.of(loaders, str(self.id), row, as_of) for row in rows])

    @strawberry.field(description="The groups they belong to.")
    async def groups(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Page[Membership]:
        page = _first(info, first, after)
        rows = await info.context.loaders.groups_of.load(str(self.id))
        return page.slice([Membership(row=row) for row in rows])


@strawberry.type(description="A tie seen from one person: the other side and its strength.")
class Tie:
    person_id: strawberry.Private[str]
    row: strawberry.Private[dict[str, Any]]
    as_of: strawberry.Private[datetime | None]  # the `asOf` of the ties asked for
    other: Person | None
    relationship: Relationship = strawberry.field(
        description="The relationship, as of the ties' `asOf` when given.")

    @classmethod
    def of(cls, loaders: Loaders, person_id: str, row: dict[str, Any],
           as_of: datetime | None = None) -> Tie:
        other_id = row["other"]
        known, card = loaders.person_known(other_id)  # a page of ties brings the cards

        async def other() -> Person | None:
            return Person.of(await loaders.person.load(other_id))
        return cls(person_id=person_id, row=row, as_of=as_of,
                   other=Person.of(card) if known else deferred(other),
                   relationship=Relationship.of(loaders, person_id, other_id, row["tie"],
                                                as_of))

    @strawberry.field(description="Strength in [0, 1) at `at` (default the ties' `asOf`, "
                      "else now): only what had happened by `at` counts.")
    def strength(self, info: Info, at: datetime | None = None) -> float:
        return _strength_as_of(info, self.person_id, self.row["other"], self.row["tie"],
                               at or self.as_of)


@strawberry.type(description="One event between two people, from the graph's event edges.")
class HistoryEvent:
    row: strawberry.Private[dict[str, Any]]
    a: strawberry.Private[str]
    b: strawberry.Private[str]

    @strawberry.field
    def event_id(self) -> strawberry.ID:
        return strawberry.ID(self.row.get("event_id") or "")

    @strawberry.field(description="MET, HELPED, THANKED, REFERRED, INTRODUCED, CONNECTED …")
    def kind(self) -> str:
        return self.row["kind"]

    @strawberry.field(description="When it happened in the world.")
    def at(self) -> datetime | None:
        return self.row.get("at")

    @strawberry.field
    def recorded_by(self) -> str | None:
        return self.row.get("recorded_by")

    @strawberry.field(description="Who gave (HELPED, THANKED, REFERRED): the edge's source.")
    def source(self) -> strawberry.ID | None:
        return self.row.get("source")

    @strawberry.field
    def target(self) -> strawberry.ID | None:
        return self.row.get("target")

    @strawberry.field
    def confirmed(self) -> bool | None:
        return self.row.get("confirmed")

    @strawberry.field
    def value(self) -> float | None:
        return self.row.get("value")

    @strawberry.field(description="Private to the two people, analysts and admins.")
    def note(self, info: Info) -> str | None:
        viewer = info.context.viewer
        if self.row["kind"] == "HELPED":
            may_read = viewer.may_read("Helped", "note", giver=self.row.get("source"),
                                       receiver=self.row.get("target"))
        else:  # a meeting's context is the pair's
            may_read = viewer.may_read("Met", "context", a=self.a, b=self.b)
        return self.row.get("note") or self.row.get("context") if may_read else None


# A relationship's plain fields, each picked from the tie's row (None: not connected).
_TIE_FIELDS: dict[str, Callable[[dict[str, Any] | None], Any]] = {
    "connected": lambda tie: tie is not None,
    "kind": lambda tie: _kind((tie or {}).get("kind")),
    "since": lambda tie: (tie or {}).get("since"),
    "last_at": lambda tie: (tie or {}).get("last_at"),
    "interactions": lambda tie: int((tie or {}).get("interactions") or 0),
}


@strawberry.type(description="The tie between two people: strength, kind and history, "
                  "now or as of an instant.")
class Relationship:
    a: strawberry.ID
    b: strawberry.ID
    row: strawberry.Private[dict[str, Any] | None]
    as_of: strawberry.Private[datetime | None]
    # Plain fields (see `Deferred`): the stored tie's now, or read as of `as_of`.
    connected: bool = strawberry.field(
        description="Whether the two are connected in the graph (by `asOf`).")
    kind: RelationshipKind | None = strawberry.field(
        description="Its kind: the classification of the latest instant (by `asOf`).")
    since: datetime | None = strawberry.field(description="Its first event.")
    last_at: datetime | None = strawberry.field(
        description="Its latest interaction (by `asOf`).")
    interactions: int = strawberry.field(
        description="How many interactions it had (by `asOf`).")

    @strawberry.field(description="Strength in [0, 1) at `at` (default: the relationship's "
                      "`asOf`, else now): only what had happened by then counts; with "
                      "`knownAt`, only what Goodwill had recorded by that instant.")
    def strength(self, info: Info, at: datetime | None = None,
                 known_at: datetime | None = None) -> float:
        return _strength_as_of(info, str(self.a), str(self.b), self.row or {},
                               at or self.as_of, known_at)

    @classmethod
    def of(cls, loaders: Loaders, a: str, b: str, row: dict[str, Any] | None,
           as_of: datetime | None = None) -> Relationship:
        first, second = pair(a, b)
        if as_of is None or row is None:
            fields = {name: pick(row) for name, pick in _TIE_FIELDS.items()}
        else:
            key = (first, second, as_of, None)

            def read(pick: Callable[[dict[str, Any] | None], Any]) -> Any:
                async def picked() -> Any:  # one load for all fields: the loader keeps it
                    tie = await loaders.tie_as_of.load(key)
                    return pick(None if tie is None else {
                        "kind": tie.kind, "since": tie.since, "last_at": tie.last_at,
                        "interactions": tie.interactions})
                return deferred(picked)
            fields = {name: read(pick) for name, pick in _TIE_FIELDS.items()}
        return cls(a=strawberry.ID(first), b=strawberry.ID(second), row=row, as_of=as_of,
                   **fields)

    @strawberry.field
    async def people(self, info: Info) -> list[Person | None]:
        rows = await info.context.loaders.person.load_many([str(self.a), str(self.b)])
        return [Person.of(row) for row in rows]

    @strawberry.field(description="Its events in the order they happened, up to `asOf` "
                      "(default: the relationship's `asOf`), each as it stood then; with "
                      "`knownAt`, as Goodwill had recorded them by that instant.")
    async def history(
        self,
        info: Info,
        as_of: datetime | None = None,
        first: int | None = None,
        after: str | None = None,
        known_at: datetime | None = None,
    ) -> Page[HistoryEvent]:
        page = _first(info, first, after)
        key = (str(self.a), str(self.b), aware(as_of) or self.as_of, aware(known_at))
        rows = await info.context.loaders.history.load(key)
        events = [HistoryEvent(row=row, a=str(self.a), b=str(self.b)) for row in rows]
        return page.slice(events)


@strawberry.type(description="A collaborative network group.")
class Group:
    id: strawberry.ID
    row: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def name(self) -> str:
        return self.row.get("name") or ""

    @strawberry.field
    def purpose(self) -> str:
        return self.row.get("purpose") or ""

    @strawberry.field
    async def members(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Page[Membership]:
        page = _first(info, first, after)
        rows = await info.context.loaders.members.load(str(self.id))
        return page.slice([Membership(row=row) for row in rows])

    @strawberry.field(description="The clients members brought to the group, each with the "
                      "member who stays their concierge; longest-standing first.")
    async def clients(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Page[GroupClient]:
        page = _first(info, first, after)
        rows = await info.context.loaders.clients.load(str(self.id))
        return page.slice([GroupClient(row=row) for row in rows])


@strawberry.type(description="A client of a group: who they are, who brought them and stays "
                 "their concierge, and how often the other members served them.")
class GroupClient:
    row: strawberry.Private[dict[str, Any]]

    @strawberry.field
    async def client(self, info: Info) -> Person | None:
        return Person.of(await info.context.loaders.person.load(self.row["client"]))

    @strawberry.field
    async def concierge(self, info: Info) -> Person | None:
        return Person.of(await info.context.loaders.person.load(self.row["concierge"]))

    @strawberry.field(description="When they were brought.")
    def since(self) -> datetime | None:
        return self.row.get("since")

    @strawberry.field(description="Services the group's members recorded for them.")
    def services(self) -> int:
        return int(self.row.get("services") or 0)


@strawberry.type(description="A person's place in a group.")
class Membership:
    row: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def role(self) -> str:
        return self.row.get("role") or "member"

    @strawberry.field
    def since(self) -> datetime | None:
        return self.row.get("since")

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return Person.of(await info.context.loaders.person.load(self.row["person"]))

    @strawberry.field
    async def group(self, info: Info) -> Group:
        return Group(id=strawberry.ID(self.row["group"]), row=self.row.get("group_row") or {})
