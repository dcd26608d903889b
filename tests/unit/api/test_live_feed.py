"""The live feed between the projector and the subscriptions: one look-up per event
whatever the number of subscribers, the recent event ids, a subscriber removed when it
leaves, a slow subscriber losing its oldest batches rather than growing without bound."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from uuid import UUID, uuid4

import pytest

from api import live
from api.live import LiveFeed
from domain.ids import event_id

PERSON = "8d25c919-40a9-5271-890e-2e109a86854c"
BROKER = "8ae927cd-22fd-59a9-b1b7-6ce389c43046"


@dataclass
class IntroductionRequested:
    originator_id: UUID = field(default_factory=uuid4)
    originator_version: int = 1


@dataclass
class Thanked:
    thanker: str = PERSON
    thanked: str = BROKER
    for_event: str = "help"
    at: datetime = datetime(2026, 1, 1, tzinfo=UTC)
    originator_id: UUID = field(default_factory=uuid4)
    originator_version: int = 3


@dataclass
class Met:  # an event no subscription follows
    originator_id: UUID = field(default_factory=uuid4)
    originator_version: int = 2


def test_one_look_up_per_event_whatever_the_subscribers() -> None:
    looked_up: list[str] = []

    def introduction_of(ident: str) -> SimpleNamespace:
        looked_up.append(ident)
        return SimpleNamespace(requester=PERSON, broker=BROKER, target=None, a=None, b=None)

    async def scenario() -> list[list[str]]:
        feed = LiveFeed(introduction_of)
        feed.attach(asyncio.get_running_loop())
        with feed.subscribe() as one, feed.subscribe() as two, feed.subscribe() as three:
            requested, thanked, met = IntroductionRequested(), Thanked(), Met()
            feed.batch_applied([requested, thanked, met], 42)
            batches = [await s.queue.get() for s in (one, two, three)]
            assert feed.position == 42
            assert feed.was_applied(str(event_id(met.originator_id, 2)))
            assert batches[0].events[0].people == frozenset({PERSON, BROKER})
            assert batches[0].events[1].fields["thanked"] == BROKER
        assert feed.subscribers == 0
        return [[e.kind for e in b.events] for b in batches]

    kinds = asyncio.run(scenario())
    assert kinds == [["IntroductionRequested", "Thanked"]] * 3
    assert len(looked_up) == 1


def test_without_subscribers_nothing_is_looked_up_but_the_ids_are_remembered() -> None:
    feed = LiveFeed(lambda ident: (_ for _ in ()).throw(AssertionError("looked up")))
    requested = IntroductionRequested()
    feed.batch_applied([requested], 7)  # no event loop attached: remembered at once
    assert feed.position == 7
    assert feed.was_applied(str(event_id(requested.originator_id, 1)))


def test_a_slow_subscriber_loses_its_oldest_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live, "QUEUE_SIZE", 3)

    async def scenario() -> list[int]:
        feed = LiveFeed(lambda ident: None)
        feed.attach(asyncio.get_running_loop())
        with feed.subscribe() as slow:
            for position in range(1, 6):
                feed.batch_applied([Met()], position)
            await asyncio.sleep(0)  # let the loop run the hand-overs
            return [slow.queue.get_nowait().position for _ in range(slow.queue.qsize())]

    assert asyncio.run(scenario()) == [3, 4, 5]
