"""The read-ahead hands out the log in order, each notification once, and reads ahead only
when a batch was full (a short one reached the head of the log)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from projector.readahead import Decoded, ReadAhead


@dataclass(frozen=True)
class Note:
    id: int


class Log:
    """An in-memory log whose reads are counted."""

    def __init__(self, length: int) -> None:
        self.length = length
        self.reads = 0

    def select(self, start: int, limit: int) -> Sequence[Note]:
        self.reads += 1
        return [Note(i) for i in range(start, min(self.length, start + limit - 1) + 1)]


def decode(notes: Sequence[Note]) -> Decoded:
    return [(note, note.id) for note in notes]  # type: ignore[misc]


def follow(log: Log, ahead: ReadAhead, limit: int) -> list[int]:
    seen: list[int] = []
    while batch := ahead.get(len(seen) + 1, limit):
        seen += [event for _, event in batch]
    return seen


@given(length=st.integers(0, 60), limit=st.integers(1, 12))
def test_every_notification_once_in_order(length: int, limit: int) -> None:
    log = Log(length)
    ahead = ReadAhead(log.select, decode)
    try:
        assert follow(log, ahead, limit) == list(range(1, length + 1))
    finally:
        ahead.close()


def test_a_trickle_is_read_once_per_batch() -> None:
    log = Log(0)
    ahead = ReadAhead(log.select, decode)
    try:
        for position in range(1, 6):  # one new event at a time, as a steady writer makes
            log.length = position
            assert [event for _, event in ahead.get(position, 100)] == [position]
        assert log.reads == 5
    finally:
        ahead.close()


def test_a_full_batch_reads_the_next_one_ahead() -> None:
    log = Log(25)
    ahead = ReadAhead(log.select, decode)
    try:
        assert len(ahead.get(1, 10)) == 10
        assert log.reads == 2  # its own and the one ahead
        assert [event for _, event in ahead.get(11, 10)] == list(range(11, 21))
        assert log.reads == 3  # the batch read ahead, and the one after it
    finally:
        ahead.close()
