"""Which process projects: on a PostgreSQL store, many API processes (and `goodwill project
--follow`) may run on one store and one graph, yet exactly one of them follows the store at a
time. The one that holds a PostgreSQL session-level advisory lock is active; the others stand
by and try to take the lock now and then. A process killed with SIGKILL loses its connection,
so PostgreSQL frees the lock at once and a standby takes over on its next try.

The lease keeps the work in one place; correctness does not depend on it: every batch is
still applied under the graph's position lock (`projector.tracking`), so two projectors that
overlap for an instant (a lease holder cut off from PostgreSQL, say, until its next check)
still apply each event once.

On SQLite (one process per file) there is nothing to share: `Unshared` always holds.

Which process projects is PostgreSQL's to say: the lock's session is named after the
process that holds it (`goodwill-projector pid=<pid>`), so `holder()` — and `goodwill lag`,
and an operator's own query of `pg_locks` — finds it among any number of API processes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from dataclasses import dataclass
from typing import LiteralString, Protocol
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import psycopg

log = logging.getLogger(__name__)

# How often the holder checks that its lock connection is still alive (seconds).
CHECK_EVERY_S = 1.0
CONNECT_TIMEOUT_S = 3
SESSION_NAME = "goodwill-projector pid={pid}"
SESSION_PID = re.compile(r"^goodwill-projector pid=(\d+)$")

# The session holding the advisory lock of a key: PostgreSQL splits the lock's bigint key
# into classid (high 32 bits) and objid (low 32 bits), objsubid 1 marking a one-key lock.
HOLDER_SQL: LiteralString = """
SELECT a.application_name, host(a.client_addr)
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid::bigint = ((hashtext(%(key)s)::bigint >> 32) & 4294967295)
  AND l.objid::bigint = (hashtext(%(key)s)::bigint & 4294967295)
"""


@dataclass(frozen=True)
class Holder:
    """The process that projects: its pid (on its own machine; None when the session was
    not named by Goodwill) and its address as PostgreSQL sees it."""

    pid: int | None
    address: str | None

    def __str__(self) -> str:
        where = f"pid {self.pid}" if self.pid is not None else "an unnamed session"
        return where + (f" at {self.address}" if self.address else " (local socket)")


class Lease(Protocol):
    def hold(self) -> bool:
        """True while this process is the one to project (takes the lease when it is
        free); cheap enough to ask before every batch."""
        ...

    def release(self) -> None:
        """Give the lease up (a standby takes it on its next try)."""
        ...

    def holder(self) -> Holder | None:
        """Who holds this lease now (any process, this one included); None when nobody
        does or nothing is shared."""
        ...

    @property
    def shared(self) -> bool:
        """Whether other processes compete for this lease."""
        ...


class Unshared:
    """The lease of a store only one process uses: always held."""

    shared = False

    def hold(self) -> bool:
        return True

    def holder(self) -> Holder | None:
        return None

    def release(self) -> None:
        pass


def _connection_url(event_store: str) -> tuple[str, str]:
    """The libpq URL of an event-store URL (without Goodwill's `schema` parameter), and the
    schema it names."""
    parts = urlsplit(event_store)
    query = parse_qs(parts.query)
    schema = (query.pop("schema", ["public"]) or ["public"])[0]
    plain = urlunsplit(("postgresql", parts.netloc, parts.path,
                        urlencode(query, doseq=True), ""))
    return plain, schema


class PostgresLease:
    """A session-level advisory lock, keyed by the store's schema and the projector's name,
    held on a connection of its own."""

    shared = True

    def __init__(self, event_store: str, name: str, check_every_s: float = CHECK_EVERY_S
                 ) -> None:
        self._url, schema = _connection_url(event_store)
        self.key = f"goodwill-projector:{schema}:{name}"
        self._check_every_s = check_every_s
        self._connection: psycopg.Connection[tuple[object, ...]] | None = None
        self._held = False
        self._checked = 0.0

    def hold(self) -> bool:
        try:
            if self._held:
                if time.monotonic() - self._checked >= self._check_every_s:
                    self._query("SELECT 1")  # the lock lives as long as this session
                    self._checked = time.monotonic()
                return True
            self._held = bool(self._query("SELECT pg_try_advisory_lock(hashtext(%s))",
                                          self.key))
            self._checked = time.monotonic()
            if self._held:
                log.info("this process is now the active projector (%s)", self.key)
            return self._held
        except psycopg.Error as error:  # PostgreSQL gone: the lock went with the session
            if self._held:
                log.warning("lost the projector lease: %s", error)
            self._drop()
            return False

    def holder(self) -> Holder | None:
        with psycopg.connect(self._url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S
                             ) as connection:
            row = connection.execute(HOLDER_SQL, {"key": self.key}).fetchone()
        if row is None:
            return None
        named = SESSION_PID.match(row[0] or "")
        return Holder(int(named.group(1)) if named else None, row[1])

    def release(self) -> None:
        if self._held and self._connection is not None:
            with contextlib.suppress(psycopg.Error):
                self._query("SELECT pg_advisory_unlock(hashtext(%s))", self.key)
        self._drop()

    def _query(self, statement: LiteralString, *args: object) -> object:
        if self._connection is None or self._connection.closed:
            self._connection = psycopg.connect(self._url, autocommit=True,
                                               connect_timeout=CONNECT_TIMEOUT_S,
                                               application_name=SESSION_NAME.format(
                                                   pid=os.getpid()))
        row = self._connection.execute(statement, args or None).fetchone()
        return None if row is None else row[0]

    def _drop(self) -> None:
        self._held = False
        if self._connection is not None:
            with contextlib.suppress(psycopg.Error):
                self._connection.close()
            self._connection = None


def lease_for(event_store: str, name: str) -> Lease:
    """The lease of the projector `name` on `event_store` (a URL as in GOODWILL_EVENT_STORE)."""
    if event_store.startswith(("postgresql://", "postgres://")):
        return PostgresLease(event_store, name)
    return Unshared()
