"""What one application's batches remember between them: the aggregates as it last saved or
read them, so a long import does not read back from the store what it has just written.

The memory is current only while nobody else writes to the store. Each batch starts by
comparing the store's head (the newest notification id) with where the memory left it, and
each save checks that its own events follow on from that head without a gap; anything else
(another writer, another process) and the memory is forgotten and rebuilt from the store.
A memory that began on an empty store knows every aggregate there is, so it also answers
"does this exist?" without asking the store. It also keeps the events batches saved last
(saved events never change), for the commands that name an earlier event (confirmations,
thanks).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

# Aggregates held at most; the least recently used are let go (and read back when needed).
CAPACITY = 500_000  # about 1.2 KB each: some 600 MB at most
EVENTS = 100_000  # the events saved last, by (aggregate id, version)


class BatchMemory:
    def __init__(self, capacity: int = CAPACITY, events: int = EVENTS) -> None:
        self.capacity = capacity
        self.events_capacity = events
        self.events: OrderedDict[tuple[UUID, int], Any] = OrderedDict()  # oldest first
        self.head: int | None = None  # the store's head the memory is current at
        self.complete = False  # began on an empty store: what it does not know is absent
        self.aggregates: OrderedDict[UUID, Aggregate] = OrderedDict()  # oldest use first
        self.absent: set[UUID] = set()  # known not to exist (an incomplete memory)
        self.let_go: set[UUID] = set()  # exist, but no longer held (a complete memory)

    def begin(self, head: int) -> None:
        """Start a batch at the store's `head`: forget everything if someone else wrote."""
        if head != self.head:
            self._start(head)

    def _start(self, head: int | None) -> None:
        self.head = head
        self.complete = head == 0
        self.aggregates.clear()
        self.absent.clear()
        self.let_go.clear()

    def recall(self, aggregate_id: UUID) -> Aggregate | None:
        """The aggregate, None when the store must be asked; raises AggregateNotFoundError
        when it is known not to exist."""
        aggregate = self.aggregates.get(aggregate_id)
        if aggregate is not None:
            self.aggregates.move_to_end(aggregate_id)
            return aggregate
        if (aggregate_id not in self.let_go) if self.complete else (
                aggregate_id in self.absent):
            raise AggregateNotFoundError(aggregate_id)
        return None

    def hold(self, aggregate: Aggregate) -> None:
        """Remember an aggregate read from the store or saved (the batch's own copy)."""
        self.aggregates[aggregate.id] = aggregate
        self.aggregates.move_to_end(aggregate.id)
        self.absent.discard(aggregate.id)
        self.let_go.discard(aggregate.id)
        while len(self.aggregates) > self.capacity:
            oldest, _ = self.aggregates.popitem(last=False)
            if self.complete:
                self.let_go.add(oldest)

    def note_absent(self, aggregate_id: UUID) -> None:
        if not self.complete:
            self.absent.add(aggregate_id)

    def event(self, aggregate_id: UUID, version: int) -> Any | None:
        return self.events.get((aggregate_id, version))

    def saved(self, aggregates: Iterable[Aggregate], events: Sequence[Any],
              notification_ids: Sequence[int]) -> None:
        """The batch's aggregates were saved, their `events` as `notification_ids`: still
        current if they directly follow the head, else someone else wrote in between."""
        for event in events:  # facts now, whoever else writes
            self.events[(event.originator_id, event.originator_version)] = event
        while len(self.events) > self.events_capacity:
            self.events.popitem(last=False)
        if self.head is None or not notification_ids or (
                notification_ids[0] != self.head + 1
                or notification_ids[-1] != self.head + len(notification_ids)):
            self._start(None)
            return
        for aggregate in aggregates:
            self.hold(aggregate)
        self.head = notification_ids[-1]

    def discard(self, aggregate_ids: Iterable[UUID]) -> None:
        """A batch failed: the aggregates it may have changed are read again next time."""
        for aggregate_id in aggregate_ids:
            if self.aggregates.pop(aggregate_id, None) is not None and self.complete:
                self.let_go.add(aggregate_id)

    def forget(self) -> None:
        self._start(None)
