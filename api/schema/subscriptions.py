"""Subscriptions: live updates over WebSocket (`graphql-transport-ws` at /graphql).

Send the bearer token in `connection_init`: `{"authorization": "Bearer gw1.…"}`. Each
subscription delivers what this API process's projector applies, once it is in the graph
(`api.live`): read the graph right after an update and it shows it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Callable
from datetime import datetime

import strawberry

from api.auth import AuthError, Role
from api.context import Info
from api.errors import ApiError
from api.live import Batch, LiveEvent
from api.loaders import Loaders
from api.permissions import AnyToken
from api.schema.introductions import Introduction
from api.schema.types import Person

REQUEST_UPDATES = frozenset({"IntroductionRequested", "IntroductionAccepted",
                             "IntroductionDeclined", "IntroductionMade"})


@strawberry.type(description="A thank-you someone recorded for help you gave.")
class ThanksReceived:
    event_id: strawberry.ID = strawberry.field(description="The thank-you's event id.")
    relationship: strawberry.ID = strawberry.field(description="The tie it belongs to.")
    for_event: strawberry.ID = strawberry.field(description="The help thanked (its event id).")
    at: datetime | None = strawberry.field(description="When they thanked you.")
    thanker_id: strawberry.Private[str]

    @strawberry.field(description="Who thanked you.")
    async def thanker(self, info: Info) -> Person | None:
        return Person.of(await info.context.loaders.person.load(self.thanker_id))


@strawberry.type(description="A request of yours, after something happened to it.")
class RequestUpdate:
    event: str = strawberry.field(description="IntroductionRequested, IntroductionAccepted, "
                                  "IntroductionDeclined or IntroductionMade.")
    event_id: strawberry.ID
    introduction: Introduction


@strawberry.type(description="Your command is in the graph: reads from now on show it.")
class CommandProjected:
    event_id: strawberry.ID
    position: int = strawberry.field(description="The projection position that covers it.")


def person_of(info: Info, person: strawberry.ID | None) -> str:
    """Whose updates: a person their own (the default); analysts and admins anyone's."""
    principal = info.context.require()
    if person is None:
        if principal.person_id is None:
            raise ApiError("INVALID_INPUT", "Name the `person` whose updates to follow "
                           "(an analyst's or admin's token acts for no one).")
        return principal.person_id
    if principal.role is Role.PERSON and str(person) != principal.person_id:
        raise AuthError("FORBIDDEN", "A person may follow only their own updates.")
    return str(person)


def refresh(info: Info) -> None:
    """A fresh read context for the next delivery: a socket lives long, its dataloader
    caches and round-trip count must not."""
    info.context.reads = info.context.services.reads()
    info.context.loaders = Loaders(info.context.reads)


async def still_standing(info: Info) -> None:
    """A socket outlives the check made when it opened: before each delivery the token must
    not have expired, been revoked or lost its person (AuthError ends the subscription)."""
    principal = info.context.require()
    if principal.expires_at and principal.expires_at < time.time():
        raise AuthError("UNAUTHENTICATED", "This token has expired; sign in again.")
    await asyncio.to_thread(info.context.services.check_standing, principal)


async def events(info: Info, wanted: Callable[[LiveEvent], bool]) -> AsyncGenerator[LiveEvent]:
    """The live events `wanted` keeps, as the projector applies them."""
    with info.context.services.live.subscribe() as subscriber:
        while True:
            batch: Batch = await subscriber.queue.get()
            for event in batch.events:
                if wanted(event):
                    await still_standing(info)
                    refresh(info)
                    yield event


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Introductions requested of `person` (default: you) as broker, as each "
        "request reaches the graph.", permission_classes=[AnyToken])
    async def introduction_requested(
        self, info: Info, person: strawberry.ID | None = None
    ) -> AsyncGenerator[Introduction]:
        broker = person_of(info, person)
        async for event in events(info, lambda e: e.kind == "IntroductionRequested"
                                  and e.state.broker == broker):
            yield Introduction(id=strawberry.ID(event.aggregate_id), state=event.state)

    @strawberry.subscription(
        description="Your requests for introductions (of `person`, default you) as they are "
        "made, accepted, declined, and as the broker makes the introduction.",
        permission_classes=[AnyToken])
    async def my_request_updated(
        self, info: Info, person: strawberry.ID | None = None
    ) -> AsyncGenerator[RequestUpdate]:
        requester = person_of(info, person)
        async for event in events(info, lambda e: e.kind in REQUEST_UPDATES
                                  and e.state.requester == requester):
            yield RequestUpdate(event=event.kind, event_id=strawberry.ID(event.event_id),
                                introduction=Introduction(id=strawberry.ID(event.aggregate_id),
                                                          state=event.state))

    @strawberry.subscription(
        description="Thank-yous for help `person` (default: you) gave, as each reaches the "
        "graph.", permission_classes=[AnyToken])
    async def thanks_received(
        self, info: Info, person: strawberry.ID | None = None
    ) -> AsyncGenerator[ThanksReceived]:
        thanked = person_of(info, person)
        async for event in events(info, lambda e: e.kind == "Thanked"
                                  and e.fields["thanked"] == thanked):
            yield ThanksReceived(
                event_id=strawberry.ID(event.event_id),
                relationship=strawberry.ID(event.aggregate_id),
                for_event=strawberry.ID(event.fields["for_event"]), at=event.fields["at"],
                thanker_id=event.fields["thanker"])

    @strawberry.subscription(
        description="Once the event a command recorded (`recorded.eventId`) is in the graph: "
        "one answer, then the subscription completes. It answers at once when the event is "
        "already there, or when everything recorded before you subscribed is; else as the "
        "projector of this API process applies it.", permission_classes=[AnyToken])
    async def command_projected(
        self, info: Info, event_id: strawberry.ID
    ) -> AsyncGenerator[CommandProjected]:
        services = info.context.services
        live = services.live
        wanted = str(event_id)
        with live.subscribe() as subscriber:  # before reading the positions: none is missed
            if live.was_applied(wanted) and live.position is not None:
                yield CommandProjected(event_id=event_id, position=live.position)
                return
            # An event recorded before now has a notification id at most the head's.
            head = await asyncio.to_thread(services.domain.recorder.max_notification_id) or 0
            position = live.position
            if position is None and services.runner is not None:
                position = await asyncio.to_thread(services.runner.projector.position)
            if position is not None and position >= head:
                yield CommandProjected(event_id=event_id, position=position)
                return
            while True:
                batch = await subscriber.queue.get()
                if wanted in batch.event_ids or batch.position >= head:
                    yield CommandProjected(event_id=event_id, position=batch.position)
                    return
