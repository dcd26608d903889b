"""The event store's recorders, each with a table of people's keys in the same database.

A key row holds a person's key wrapped by the master key, or, once they are forgotten,
nothing: the row stays as a tombstone so the person never gets a new key. Forgetting
empties the row in the same transaction that stores `PersonForgotten`, so the key and the
erasure are never seen apart."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from eventsourcing.persistence import StoredEvent
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from psycopg import sql

KEY_TABLE = "goodwill_person_keys"
FORGOTTEN_TOPIC = "domain.person:Person.PersonForgotten"

# (master key id, wrapped key) of a person; None when they have no key yet.
WrappedKey = tuple[str, bytes]
ERASED = "erased"  # what `find_key` answers for a forgotten person
Rewrap = Callable[[str, str, bytes], WrappedKey]  # (person, kid, wrapped) → new


class PersonKeys(Protocol):
    def find_keys(self, people: Sequence[str]) -> dict[str, WrappedKey | str]:
        """The rows of these people (a wrapped key, or ERASED); absent: no row yet."""
    def add_keys(self, keys: dict[str, WrappedKey]) -> None:
        """Store new keys in one transaction, except for people who have a row already."""
    def rewrap_keys(self, rewrap: Rewrap) -> int:
        """Re-wrap every key in one transaction; returns how many."""


def forgotten_people(stored_events: Iterable[StoredEvent]) -> list[str]:
    return [str(e.originator_id) for e in stored_events if e.topic == FORGOTTEN_TOPIC]


def _rows(rows: Iterable[Any]) -> dict[str, WrappedKey | str]:
    return {r["person_id"]: ERASED if r["wrapped"] is None else (r["kid"], bytes(r["wrapped"]))
            for r in rows}


CHUNK = 500  # people per statement, below every engine's limit on parameters


class SQLiteRecorder(SQLiteApplicationRecorder):
    datastore: SQLiteDatastore

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(),
                f"CREATE TABLE IF NOT EXISTS {KEY_TABLE} (person_id TEXT PRIMARY KEY, "
                "kid TEXT, wrapped BLOB)"]

    def _insert_events(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent],
                       **kwargs: Any) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        people = forgotten_people(stored_events)
        if people:
            c.execute("PRAGMA secure_delete = ON")  # freed pages are zeroed, not left as is
            for person in people:
                c.execute(f"INSERT INTO {KEY_TABLE} (person_id, kid, wrapped) "
                          "VALUES (?, NULL, NULL) ON CONFLICT (person_id) "
                          "DO UPDATE SET kid = NULL, wrapped = NULL", (person,))
        return ids

    def find_keys(self, people: Sequence[str]) -> dict[str, WrappedKey | str]:
        found: dict[str, WrappedKey | str] = {}
        with self.datastore.transaction(commit=False) as c:
            for i in range(0, len(people), CHUNK):
                chunk = people[i:i + CHUNK]
                c.execute(f"SELECT person_id, kid, wrapped FROM {KEY_TABLE} "
                          f"WHERE person_id IN ({', '.join('?' * len(chunk))})", tuple(chunk))
                found.update(_rows(c.fetchall()))
        return found

    def add_keys(self, keys: dict[str, WrappedKey]) -> None:
        with self.datastore.transaction(commit=True) as c:
            for person, (kid, wrapped) in keys.items():
                c.execute(f"INSERT INTO {KEY_TABLE} (person_id, kid, wrapped) VALUES (?, ?, ?) "
                          "ON CONFLICT (person_id) DO NOTHING", (person, kid, wrapped))

    def rewrap_keys(self, rewrap: Rewrap) -> int:
        with self.datastore.transaction(commit=True) as c:
            c.execute(f"SELECT person_id, kid, wrapped FROM {KEY_TABLE} "
                      "WHERE wrapped IS NOT NULL")
            rows = [(r["person_id"], r["kid"], bytes(r["wrapped"])) for r in c.fetchall()]
            for person, kid, wrapped in rows:
                c.execute(f"UPDATE {KEY_TABLE} SET kid = ?, wrapped = ? WHERE person_id = ?",
                          (*rewrap(person, kid, wrapped), person))
        return len(rows)


class PostgresRecorder(PostgresApplicationRecorder):
    datastore: PostgresDatastore

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self._keys = sql.Identifier(datastore.schema, KEY_TABLE) if datastore.schema \
            else sql.Identifier(KEY_TABLE)
        self.sql_create_statements.append(sql.SQL(
            "CREATE TABLE IF NOT EXISTS {} (person_id text PRIMARY KEY, kid text, "
            "wrapped bytea)").format(self._keys))

    def _insert_events(self, curs: Any, stored_events: Sequence[StoredEvent],
                       **kwargs: Any) -> None:
        super()._insert_events(curs, stored_events, **kwargs)
        for person in forgotten_people(stored_events):  # runs in the events' transaction
            curs.execute(sql.SQL(
                "INSERT INTO {} (person_id, kid, wrapped) VALUES (%s, NULL, NULL) "
                "ON CONFLICT (person_id) DO UPDATE SET kid = NULL, wrapped = NULL"
            ).format(self._keys), (person,))

    def find_keys(self, people: Sequence[str]) -> dict[str, WrappedKey | str]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(sql.SQL("SELECT person_id, kid, wrapped FROM {} "
                                 "WHERE person_id = ANY(%s)").format(self._keys), (list(people),))
            return _rows(curs.fetchall())

    def add_keys(self, keys: dict[str, WrappedKey]) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.executemany(sql.SQL("INSERT INTO {} (person_id, kid, wrapped) "
                                     "VALUES (%s, %s, %s) ON CONFLICT (person_id) DO NOTHING")
                             .format(self._keys),
                             [(p, kid, wrapped) for p, (kid, wrapped) in keys.items()])

    def rewrap_keys(self, rewrap: Rewrap) -> int:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(sql.SQL("SELECT person_id, kid, wrapped FROM {} "
                                 "WHERE wrapped IS NOT NULL FOR UPDATE").format(self._keys))
            rows = [(r["person_id"], r["kid"], bytes(r["wrapped"])) for r in curs.fetchall()]
            for person, kid, wrapped in rows:
                curs.execute(sql.SQL("UPDATE {} SET kid = %s, wrapped = %s WHERE person_id = %s")
                             .format(self._keys), (*rewrap(person, kid, wrapped), person))
        return len(rows)


class MemoryRecorder(POPOApplicationRecorder):
    def __init__(self) -> None:
        super().__init__()
        self._key_rows: dict[str, WrappedKey | None] = {}

    def insert_events(self, stored_events: Sequence[StoredEvent],
                      **kwargs: Any) -> Sequence[int] | None:
        with self._database_lock:  # the events and the erasure together
            ids = super().insert_events(stored_events, **kwargs)
            for person in forgotten_people(stored_events):
                self._key_rows[person] = None
            return ids

    def find_keys(self, people: Sequence[str]) -> dict[str, WrappedKey | str]:
        with self._database_lock:
            return {p: self._key_rows[p] or ERASED for p in people if p in self._key_rows}

    def add_keys(self, keys: dict[str, WrappedKey]) -> None:
        with self._database_lock:
            for person, key in keys.items():
                self._key_rows.setdefault(person, key)

    def rewrap_keys(self, rewrap: Rewrap) -> int:
        with self._database_lock:
            live = {p: k for p, k in self._key_rows.items() if k is not None}
            for person, (kid, wrapped) in live.items():
                self._key_rows[person] = rewrap(person, kid, wrapped)
            return len(live)


RECORDERS = {"eventsourcing.sqlite": SQLiteRecorder, "eventsourcing.postgres": PostgresRecorder}


def topic_for(persistence_module: str) -> str | None:
    """The recorder topic for the library's APPLICATION_RECORDER_TOPIC setting."""
    recorder = RECORDERS.get(persistence_module)
    return f"{recorder.__module__}:{recorder.__qualname__}" if recorder else None
