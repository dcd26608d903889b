"""People's keys, unwrapped, for a short while, and the seal on one field.

A field about several people is sealed under a key derived from all their keys (HKDF), so
it is readable only while every one of them exists. Keys (and the ciphers made from them)
are kept for `KEY_TTL` seconds: a process that did not store the erasure itself stops
reading a forgotten person within that time (at once when it reads the `PersonForgotten`
event, as the projector does). While the key table is small (`WHOLE_TABLE` rows) a process
reads it whole in one statement, at most once in that time, instead of once a person."""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from domain.privacy.master import NONCE, MasterKeys
from domain.privacy.recorders import ERASED, PersonKeys, WrappedKey

KEY_TTL = 10.0
People = tuple[str, ...]  # sorted person ids


WHOLE_TABLE = 20_000  # a key table up to this many rows is read in one statement


class Keyring:
    def __init__(self, table: PersonKeys, master: MasterKeys) -> None:
        self._table = table
        self.master = master
        self._keys: dict[str, tuple[float, bytes | None]] = {}  # None: forgotten
        self._ciphers: dict[People, tuple[float, AESGCM | None]] = {}
        # The whole key table as stored (wrapped), while it is small, and until when it holds.
        self._rows: dict[str, WrappedKey | str] = {}
        self._rows_until = 0.0
        self._table_is_small = True
        self._lock = threading.Lock()

    def cipher(self, people: People, *, create: bool) -> AESGCM | None:
        """The cipher of a field about `people`; None once any of them is forgotten (or,
        reading, has never had a key). `create`: make the keys nobody has made yet."""
        now = time.monotonic()
        cached = self._ciphers.get(people)
        if cached is not None and cached[0] > now:
            return cached[1]
        keys = self.keys(people, create=create)
        if any(p not in keys for p in people):  # reading: no key was ever made for them
            return None
        found = [keys[p] for p in people]
        cipher = None if any(k is None for k in found) else \
            AESGCM(field_key(found, people))  # type: ignore[arg-type]
        # No longer than the keys it is made of: a forgotten person is unreadable in time.
        until = min((self._keys[p][0] for p in people if p in self._keys),
                    default=now + KEY_TTL)
        with self._lock:
            self._ciphers[people] = (until, cipher)
        return cipher

    def keys(self, people: Iterable[str], *, create: bool) -> dict[str, bytes | None]:
        """Everyone's key, creating (in one transaction) the missing ones when `create`;
        None for the forgotten, who never get a new one; reading, nobody is left out
        but those who never had a key."""
        now = time.monotonic()
        known: dict[str, bytes | None] = {}
        missing: list[str] = []
        for person in set(people):
            cached = self._keys.get(person)
            if cached is not None and cached[0] > now:
                known[person] = cached[1]
            else:
                missing.append(person)
        if missing:
            found = self._fetch(sorted(missing), now, create=create)
            # A key read from the whole table holds no longer than that read does.
            until = min(now + KEY_TTL, self._rows_until) if self._table_is_small \
                else now + KEY_TTL
            with self._lock:
                for person, key in found.items():
                    self._keys[person] = (until, key)
            known.update(found)
        return known

    def holds_the_table(self) -> bool:
        """Whether the whole key table, read recently, is at hand (no need to gather whom
        a page of events is about before reading it)."""
        return self._table_is_small and self._rows_until > time.monotonic()

    def _fetch(self, people: list[str], now: float, *, create: bool) -> dict[str, bytes | None]:
        rows = self._stored_rows(people, now)
        new = [p for p in people if p not in rows] if create else []
        if new:
            self._table.add_keys({p: self.master.wrap(p, os.urandom(32)) for p in new})
            rows.update(self._table.find_keys(new))  # another process may have won
        return {p: None if row == ERASED else self.master.unwrap(p, *row)
                for p, row in rows.items()}

    def _stored_rows(self, people: list[str], now: float) -> dict[str, WrappedKey | str]:
        """Their rows, in one statement: from the whole table read at most `KEY_TTL` ago
        while it is small (a process starting to read then makes one query, not one a
        person), else from a query for them (and for those the table did not have)."""
        if self._table_is_small and self._rows_until <= now:
            rows = self._table.first_keys(WHOLE_TABLE + 1)
            with self._lock:
                self._table_is_small = len(rows) <= WHOLE_TABLE
                self._rows = rows if self._table_is_small else {}
                self._rows_until = now + KEY_TTL
        rows = self._rows
        found = {p: rows[p] for p in people if p in rows}
        unknown = [p for p in people if p not in found]
        if unknown:
            found.update(self._table.find_keys(unknown))
        return found

    def forgotten(self, people: Iterable[str]) -> None:
        """These people were forgotten: read their rows again (now tombstones)."""
        gone = set(people)
        if not gone:
            return
        with self._lock:
            for person in gone:
                self._keys.pop(person, None)
                self._rows.pop(person, None)
            for key in [k for k in self._ciphers if gone.intersection(k)]:
                del self._ciphers[key]


def field_key(keys: Sequence[bytes], people: Sequence[str]) -> bytes:
    """The key of a field about `people` (sorted), from all of their keys."""
    if len(keys) == 1:
        return keys[0]
    return HKDF(SHA256(), 32, salt=None,
                info=b"goodwill field key:" + ",".join(people).encode()).derive(b"".join(keys))


# The plaintext of a seal: text as UTF-8 after "s", anything else (lists) as JSON after "j".
_TEXT, _JSON = b"s", b"j"


def seal(value: Any, cipher: AESGCM, aad: bytes) -> str:
    plain = _TEXT + value.encode() if isinstance(value, str) else \
        _JSON + json.dumps(value).encode()
    nonce = os.urandom(NONCE)
    return base64.b64encode(nonce + cipher.encrypt(nonce, plain, aad)).decode()


def unseal(text: str, cipher: AESGCM, aad: bytes) -> Any:
    """The value; `cryptography.exceptions.InvalidTag` when the record was tampered with."""
    raw = base64.b64decode(text)
    plain = cipher.decrypt(raw[:NONCE], raw[NONCE:], aad)
    return plain[1:].decode() if plain[:1] == _TEXT else json.loads(plain[1:])
