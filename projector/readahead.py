"""Decoding the next batch of notifications in a background thread while the projector
applies the current one to Neo4j: decoding (pure Python) and the waits on the graph (the
driver releases the GIL on its socket) overlap instead of adding up.

The store is only ever read in the caller's thread (a background read could race the
application closing its connections); the background thread only decodes notifications
already read. A batch read ahead is reused only for the position it was read from, so it is
never applied twice nor out of order; notifications are immutable once in the log, so it is
what a fresh read would return (a read ahead that found fewer than asked makes a smaller
batch). A batch shorter than asked reached the head of the log: nothing is read ahead
then, so a projector following a steady trickle makes one read per batch, not two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from eventsourcing.persistence import Notification

# A batch: each notification with its decoded event, None when the graph does not show it.
Decoded = list[tuple[Notification, Any]]
Select = Callable[[int, int], Sequence[Notification]]  # (start, limit) → notifications
Decode = Callable[[Sequence[Notification]], Decoded]


class ReadAhead:
    def __init__(self, select: Select, decode: Decode) -> None:
        self._select = select
        self._decode = decode
        self._executor: ThreadPoolExecutor | None = None
        self._pending: tuple[int, Future[Decoded]] | None = None

    def get(self, start: int, limit: int) -> Decoded:
        """Up to `limit` notifications from `start`, decoded; the batch after them is read
        now and decoded in the background for the next call."""
        pending, self._pending = self._pending, None
        batch: Decoded = []
        if pending is not None and pending[0] == start:
            batch = pending[1].result()[:limit]
        if not batch:
            batch = self._decode(self._select(start, limit))
        if len(batch) == limit:
            after = batch[-1][0].id + 1
            upcoming = self._select(after, limit)
            if upcoming:
                self._pending = (after, self._pool().submit(self._decode, upcoming))
        return batch

    def discard(self) -> None:
        self._pending = None

    def close(self) -> None:
        """Wait for the decoding in flight (it reads keys from the store) and stop."""
        self._pending = None
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1,
                                                thread_name_prefix="projector-decode")
        return self._executor
