"""Faults of the event store itself, told apart from bad commands: a store that is locked,
unreachable or busy (`EventStoreUnavailable`: send again later) and one whose files are
damaged (`EventStoreCorrupt`: restore from a backup).

The library wraps the drivers' errors in its own (`eventsourcing.persistence`) and, when it
waits for a connection of its pool, raises a `TimeoutError` — an `OSError`, which must not
be taken for the graph being down. The original error is found down the chain of causes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from eventsourcing.persistence import InterfaceError, OperationalError, PersistenceError

from domain.errors import DomainError, EventStoreCorrupt, EventStoreUnavailable

UNAVAILABLE_MESSAGE = ("The event store is unavailable or locked by another writer; nothing "
                       "was written. Try again shortly.")
CORRUPT_MESSAGE = ("The event store's data is damaged; nothing was written. An operator "
                   "must restore it from a backup.")

# sqlite3 result codes (`sqlite_errorname`): damaged files, and a store that is there but
# cannot be used right now.
SQLITE_CORRUPT = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
SQLITE_UNAVAILABLE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_IOERR",
                      "SQLITE_FULL", "SQLITE_READONLY", "SQLITE_PROTOCOL")
CORRUPT_WORDS = ("malformed", "not a database", "database corruption")
# PostgreSQL SQLSTATE class XX: data_corrupted (XX001), index_corrupted (XX002).
POSTGRES_CORRUPT = ("XX001", "XX002")


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _is_corrupt(error: BaseException) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith(SQLITE_CORRUPT):
        return True
    if getattr(error, "sqlstate", None) in POSTGRES_CORRUPT:
        return True
    return isinstance(error, sqlite3.DatabaseError) and any(
        word in str(error).lower() for word in CORRUPT_WORDS)


def _is_unavailable(error: BaseException) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith(SQLITE_UNAVAILABLE):
        return True
    if isinstance(error, sqlite3.OperationalError) and "locked" in str(error).lower():
        return True
    # the library's pool timeout, connection failures of either store's driver
    return isinstance(error, TimeoutError | OperationalError | InterfaceError) or (
        type(error).__module__.startswith(("psycopg", "psycopg_pool"))
        and type(error).__name__ in ("OperationalError", "InterfaceError", "PoolTimeout"))


def _from_store(error: BaseException) -> bool:
    """Raised by the library's persistence or a store's driver (not, say, Neo4j's)."""
    return isinstance(error, PersistenceError | sqlite3.Error) or (
        type(error).__module__.startswith(("psycopg", "psycopg_pool")))


def store_fault(error: BaseException) -> DomainError | None:
    """The store fault `error` is (or was caused by), or None when it is no store fault."""
    if not _from_store(error):
        return None
    chain = list(_chain(error))
    if any(_is_corrupt(e) for e in chain):
        return EventStoreCorrupt(CORRUPT_MESSAGE)
    if any(_is_unavailable(e) for e in chain):
        return EventStoreUnavailable(UNAVAILABLE_MESSAGE)
    return None


@contextmanager
def store_faults() -> Iterator[None]:
    """Raise the typed fault in place of the store's own error."""
    try:
        yield
    except Exception as error:
        fault = store_fault(error)
        if fault is None:
            raise
        raise fault from error
