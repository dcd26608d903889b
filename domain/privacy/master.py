"""The master key that wraps every person's key, from the settings.

`GOODWILL_MASTER_KEY` is the current key (32 random bytes, URL-safe base64); keys wrapped
under an earlier master key stay readable while it is listed in
`GOODWILL_MASTER_KEY_PREVIOUS` (comma-separated), until `goodwill privacy rotate-master-key`
has re-wrapped them. When no master key is set anywhere, one is generated into the `.env`
file (0600), under a lock so that processes starting together agree on one."""

from __future__ import annotations

import base64
import fcntl
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import config
from config.env_file import env_file_path
from domain.privacy.recorders import PersonKeys

MASTER_KEY_VARIABLE = config.Settings.variables()["master_key"]
NONCE = 12


class MasterKeyError(config.SettingsError):
    """A master key that is malformed, or missing for keys wrapped under it."""


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode()


def decode_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip())
    except ValueError:
        key = b""
    if len(key) != 32:
        raise MasterKeyError(f"{MASTER_KEY_VARIABLE} must be 32 bytes in URL-safe base64 "
                             "(generate one with `goodwill privacy new-master-key`).")
    return key


@lru_cache(maxsize=8)
def _cipher(master: bytes) -> AESGCM:
    return AESGCM(master)


@lru_cache(maxsize=8)
def key_id(key: bytes) -> str:
    """A short public name of a master key, stored beside what it wraps."""
    return hashlib.sha256(b"goodwill master key id" + key).hexdigest()[:16]


@dataclass(frozen=True)
class MasterKeys:
    current: bytes
    previous: tuple[bytes, ...] = ()

    @property
    def current_id(self) -> str:
        return key_id(self.current)

    def wrap(self, person: str, key: bytes) -> tuple[str, bytes]:
        """(master key id, nonce + ciphertext) of a person's key, bound to the person."""
        nonce = os.urandom(NONCE)
        return self.current_id, nonce + _cipher(self.current).encrypt(nonce, key,
                                                                       person.encode())

    def unwrap(self, person: str, kid: str, wrapped: bytes) -> bytes:
        for master in (self.current, *self.previous):
            if key_id(master) == kid:
                return _cipher(master).decrypt(wrapped[:NONCE], wrapped[NONCE:],
                                               person.encode())
        raise MasterKeyError(
            f"A person's key is wrapped under master key {kid}, which is neither "
            f"{MASTER_KEY_VARIABLE} nor in {MASTER_KEY_VARIABLE}_PREVIOUS.")


def configured(current: str | None = None, previous: str | None = None) -> MasterKeys:
    """The master keys given, else the settings'; the current one is generated into `.env`
    if it is set nowhere."""
    if current is None or previous is None:
        settings = config.load()
        current = current or settings.master_key or _generate_once()
        previous = settings.master_key_previous if previous is None else previous
    return MasterKeys(decode_key(current),
                      tuple(decode_key(k) for k in previous.split(",") if k.strip()))


def rotate(keys: PersonKeys, old: MasterKeys) -> tuple[MasterKeys, int]:
    """Re-wrap every person's key under a new master key, in one transaction. The old key
    becomes the previous one, for processes still running with it until they restart."""
    new = MasterKeys(os.urandom(32), (old.current, *old.previous))

    def rewrap(person: str, kid: str, wrapped: bytes) -> tuple[str, bytes]:
        return new.wrap(person, old.unwrap(person, kid, wrapped))

    return new, keys.rewrap_keys(rewrap)


def _generate_once() -> str:
    path = env_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be generating one right now
        existing = config.load().master_key
        if existing:
            return existing
        key = encode_key(os.urandom(32))
        config.append(MASTER_KEY_VARIABLE, key)
        return key
