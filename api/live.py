"""Live updates for GraphQL subscriptions, fed by what this process's projector applies.

The projector tells `LiveFeed.batch_applied` of each batch once it has committed (in the
projector's thread); the feed turns the events that subscriptions care about into
`LiveEvent`s and hands them to every subscriber's queue on the event loop. Subscribers never
ask Neo4j: one publish point per batch, whatever the number of sockets. With several API
processes each sees only its own projector's batches (docs/architecture.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.ids import event_id

log = logging.getLogger("goodwill.api")

INTRODUCTION_EVENTS = frozenset({
    "IntroductionRequested", "IntroductionAccepted", "IntroductionDeclined",
    "IntroductionMade",
})
# Event ids of the latest batches this process applied: `commandProjected` answers at once
# for an event among them (a mutation's answer waits for its projection, so a client that
# subscribes after it finds its event here).
RECENT_EVENT_IDS = 50_000
# Events a slow subscriber may have waiting before the oldest are dropped.
QUEUE_SIZE = 1_000


@dataclass(frozen=True)
class LiveEvent:
    """One thing a subscription may deliver: what happened, and to whom it matters."""

    kind: str  # the event's class name
    event_id: str
    aggregate_id: str
    position: int  # the projection position of the batch that applied it
    people: frozenset[str] = frozenset()  # whom it concerns
    state: Any = None  # the introduction after the event (introduction events)
    fields: dict[str, Any] = field(default_factory=dict)  # the event's own fields


@dataclass(frozen=True)
class Batch:
    position: int
    events: tuple[LiveEvent, ...]
    event_ids: frozenset[str]


class Subscriber:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[Batch] = asyncio.Queue(QUEUE_SIZE)

    def offer(self, batch: Batch) -> None:
        if self.queue.full():  # a socket that does not read: drop its oldest, not the rest
            self.queue.get_nowait()
        self.queue.put_nowait(batch)


class LiveFeed:
    """The in-process publish point between the projector and the subscriptions."""

    def __init__(self, introduction_of: Callable[[str], Any]) -> None:
        self._introduction_of = introduction_of  # the command side's current introduction
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subscribers: set[Subscriber] = set()
        self._recent: deque[str] = deque(maxlen=RECENT_EVENT_IDS)
        self._recent_set: set[str] = set()
        self.position: int | None = None  # None until the first batch or a read of it

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    @contextlib.contextmanager
    def subscribe(self) -> Iterator[Subscriber]:
        """A queue of the batches applied from now on, removed when the caller leaves."""
        subscriber = Subscriber()
        self._subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            self._subscribers.discard(subscriber)

    def was_applied(self, event: str) -> bool:
        return event in self._recent_set

    # -- the projector's side (its thread) ---------------------------------------------

    def batch_applied(self, events: Sequence[Any], position: int) -> None:
        ids = [str(event_id(e.originator_id, e.originator_version)) for e in events]
        live: list[LiveEvent] = []
        for event, ident in zip(events, ids, strict=True):
            if not (self._subscribers and self._wanted(event)):
                continue
            try:
                live.append(self._live(event, ident, position))
            except Exception:  # the rest of the batch, and its position, still go out
                log.exception("could not read what a live %s concerns",
                              type(event).__name__)
        batch = Batch(position, tuple(live), frozenset(ids))
        if self._loop is None or self._loop.is_closed():
            self._remember(batch)
            return
        self._loop.call_soon_threadsafe(self._fan_out, batch)

    @staticmethod
    def _wanted(event: Any) -> bool:
        return type(event).__name__ in INTRODUCTION_EVENTS | {"Thanked"}

    def _live(self, event: Any, ident: str, position: int) -> LiveEvent:
        kind = type(event).__name__
        aggregate = str(event.originator_id)
        if kind == "Thanked":
            return LiveEvent(kind, ident, aggregate, position,
                             frozenset({str(event.thanked)}),
                             fields={"thanker": str(event.thanker),
                                     "thanked": str(event.thanked),
                                     "for_event": str(event.for_event), "at": event.at})
        state = self._introduction_of(aggregate)  # one read per event, not per subscriber
        people = {state.requester, state.broker, state.target,
                  getattr(state, "a", None), getattr(state, "b", None)}
        return LiveEvent(kind, ident, aggregate, position,
                         frozenset(str(p) for p in people if p), state=state)

    # -- the event loop's side ---------------------------------------------------------

    def _remember(self, batch: Batch) -> None:
        self.position = batch.position
        for ident in batch.event_ids:
            if len(self._recent) == self._recent.maxlen:
                self._recent_set.discard(self._recent[0])
            self._recent.append(ident)
            self._recent_set.add(ident)

    def _fan_out(self, batch: Batch) -> None:
        self._remember(batch)
        for subscriber in list(self._subscribers):
            subscriber.offer(batch)
