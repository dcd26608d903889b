"""What batches remember between them: current only while the store's head is where the
memory left it, complete only when it began on an empty store, bounded in size."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import AggregateNotFoundError

from domain.base import Stamp
from domain.batch_memory import BatchMemory
from domain.person import Person

STAMP = Stamp(at=datetime(2024, 1, 1, tzinfo=UTC), recorded_by="admin", idempotency_key=None)


def person() -> Person:
    created = Person.register(uuid4(), name="Ada", headline="", organization=None, tags=[],
                              stamp=STAMP)
    created.collect_events()
    return created


def test_it_keeps_the_events_saved_last_whoever_writes_after() -> None:
    memory = BatchMemory(events=2)
    memory.begin(0)
    ada = Person.register(uuid4(), name="Ada", headline="", organization=None, tags=[],
                          stamp=STAMP)
    ada.update_profile(name=None, headline="a", organization=None, tags=None, stamp=STAMP)
    ada.update_profile(name=None, headline="b", organization=None, tags=None, stamp=STAMP)
    events = ada.collect_events()
    memory.saved([ada], events, [5, 6, 7])  # not after the head: the aggregates are forgotten
    assert memory.recall(ada.id) is None
    assert memory.event(ada.id, 1) is None  # only the last two are kept
    assert memory.event(ada.id, 3) is events[2]


def test_a_memory_begun_on_an_empty_store_knows_everything_else_is_absent() -> None:
    memory = BatchMemory()
    memory.begin(0)
    ada = person()
    memory.saved([ada], [], [1])
    assert memory.recall(ada.id) is ada
    with pytest.raises(AggregateNotFoundError):
        memory.recall(uuid4())
    assert memory.head == 1


def test_an_incomplete_memory_asks_the_store_unless_told_an_id_is_absent() -> None:
    memory = BatchMemory()
    memory.begin(7)  # the store held events before
    unknown, absent = uuid4(), uuid4()
    memory.note_absent(absent)
    assert memory.recall(unknown) is None
    with pytest.raises(AggregateNotFoundError):
        memory.recall(absent)


def test_another_writer_moving_the_head_makes_it_forget() -> None:
    memory = BatchMemory()
    memory.begin(0)
    ada = person()
    memory.saved([ada], [], [1])
    memory.begin(1)  # nobody else wrote
    assert memory.recall(ada.id) is ada
    memory.begin(2)  # someone else did
    assert memory.recall(ada.id) is None
    assert not memory.complete


@pytest.mark.parametrize("ids", [[3], [2, 4], []])
def test_a_save_that_does_not_follow_on_from_the_head_makes_it_forget(ids: list[int]) -> None:
    memory = BatchMemory()
    memory.begin(1)
    ada = person()
    memory.hold(ada)
    memory.saved([ada], [], ids)
    assert memory.head is None
    assert memory.recall(ada.id) is None


def test_a_failed_batch_lets_its_aggregates_go_and_they_are_read_again() -> None:
    memory = BatchMemory()
    memory.begin(0)
    ada, bob = person(), person()
    memory.saved([ada, bob], [], [1, 2])
    memory.discard([ada.id])
    assert memory.recall(ada.id) is None  # exists, but must be read from the store
    assert memory.recall(bob.id) is bob


def test_the_least_recently_used_are_let_go_beyond_its_capacity() -> None:
    memory = BatchMemory(capacity=2)
    memory.begin(0)
    people = [person() for _ in range(3)]
    memory.saved(people[:2], [], [1, 2])
    memory.recall(people[0].id)  # used again: the second is now the oldest
    memory.saved(people[2:], [], [3])
    held: list[UUID] = list(memory.aggregates)
    assert held == [people[0].id, people[2].id]
    assert memory.recall(people[1].id) is None  # let go, not absent
