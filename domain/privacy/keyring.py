"""People's keys, unwrapped, for a short while, and the seal on one field.

A field about several people is sealed under a key derived from all their keys (HKDF), so
it is readable only while every one of them exists. Keys are cached for `KEY_TTL` seconds:
a process that did not store the erasure itself stops reading a forgotten person within
that time (at once when it reads the `PersonForgotten` event, as the projector does)."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from cachetools import TTLCache
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from domain.privacy.master import NONCE, MasterKeys
from domain.privacy.recorders import ERASED, PersonKeys

KEY_TTL = 10.0
_GONE = b""  # cached: this person is forgotten


class Keyring:
    def __init__(self, table: PersonKeys, master: MasterKeys) -> None:
        self._table = table
        self.master = master
        self._cache: TTLCache[str, bytes] = TTLCache(maxsize=200_000, ttl=KEY_TTL)
        self._lock = threading.Lock()

    def for_sealing(self, people: Iterable[str]) -> dict[str, bytes | None]:
        """Everyone's key, creating (in one transaction) those nobody has made yet; None
        for the forgotten, who never get a new one."""
        return self._keys(set(people), create=True)

    def for_reading(self, people: Iterable[str]) -> dict[str, bytes | None]:
        return self._keys(set(people), create=False)

    def forgotten(self, people: Iterable[str]) -> None:
        """These people were forgotten: read their row again (now a tombstone)."""
        with self._lock:
            for person in people:
                self._cache.pop(person, None)

    def _keys(self, people: set[str], *, create: bool) -> dict[str, bytes | None]:
        with self._lock:
            known = {p: self._cache.get(p) for p in people}
        missing = sorted(p for p, key in known.items() if key is None)
        if missing:
            rows = self._table.find_keys(missing)
            new = [p for p in missing if p not in rows] if create else []
            if new:
                self._table.add_keys({p: self.master.wrap(p, os.urandom(32)) for p in new})
                rows.update(self._table.find_keys(new))  # another process may have won
            found = {p: _GONE if row == ERASED else self.master.unwrap(p, *row)
                     for p, row in rows.items()}
            with self._lock:
                for person, key in found.items():
                    self._cache[person] = key
            known.update(found)
        return {p: key or None for p, key in known.items()}


def field_key(keys: Sequence[bytes], people: Sequence[str]) -> bytes:
    """The key of a field about `people` (sorted), from all of their keys."""
    if len(keys) == 1:
        return keys[0]
    return HKDF(SHA256(), 32, salt=None,
                info=b"goodwill field key:" + ",".join(people).encode()).derive(b"".join(keys))


def seal(value: Any, key: bytes, aad: bytes) -> str:
    nonce = os.urandom(NONCE)
    sealed = AESGCM(key).encrypt(nonce, json.dumps(value).encode(), aad)
    return base64.b64encode(nonce + sealed).decode()


def unseal(text: str, key: bytes, aad: bytes) -> Any:
    """The value; `cryptography.exceptions.InvalidTag` when the record was tampered with."""
    raw = base64.b64decode(text)
    return json.loads(AESGCM(key).decrypt(raw[:NONCE], raw[NONCE:], aad))

