"""The keyring's cache never outlives what it read: a person forgotten by another process
is unreadable here within `KEY_TTL`, however the key and the cipher were cached."""

from __future__ import annotations

from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from domain.privacy import keyring
from domain.privacy.keyring import KEY_TTL, Keyring
from domain.privacy.master import MasterKeys
from domain.privacy.recorders import FORGOTTEN_TOPIC, MemoryRecorder


def _forget_elsewhere(table: MemoryRecorder, person: str) -> None:
    from uuid import UUID

    table.insert_events([StoredEvent(originator_id=UUID(person), originator_version=9,
                                     topic=FORGOTTEN_TOPIC, state=b"{}")])


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [100.0]
    monkeypatch.setattr(keyring.time, "monotonic", lambda: now[0])
    return now


def test_a_cipher_made_late_from_cached_keys_expires_with_them(clock: list[float]) -> None:
    table = MemoryRecorder()
    ring = Keyring(table, MasterKeys(b"m" * 32))
    a, b = sorted([str(uuid4()), str(uuid4())])
    assert set(ring.keys([a, b], create=True)) == {a, b}  # read at 100
    clock[0] = 100 + KEY_TTL - 1
    assert ring.cipher((a, b), create=False) is not None  # made from keys read at 100
    _forget_elsewhere(table, a)
    clock[0] = 100 + KEY_TTL + 0.5
    assert ring.cipher((a, b), create=False) is None


def test_a_key_taken_from_the_whole_table_expires_with_that_read(clock: list[float]) -> None:
    table = MemoryRecorder()
    writer = Keyring(table, MasterKeys(b"m" * 32))
    a, b = str(uuid4()), str(uuid4())
    writer.keys([a, b], create=True)
    reader = Keyring(table, MasterKeys(b"m" * 32))
    assert reader.keys([a], create=False)[a] is not None  # the whole table, read at 100
    clock[0] = 100 + KEY_TTL - 1
    assert reader.keys([b], create=False)[b] is not None  # from that read
    _forget_elsewhere(table, b)
    clock[0] = 100 + KEY_TTL + 0.5
    assert reader.keys([b], create=False) == {b: None}
