"""The event store's recorders, each with a table of people's keys in the same database.

A key row holds a person's key wrapped by the master key, or, once they are forgotten,
nothing: the row stays as a tombstone so the person never gets a new key. Forgetting
empties the row in the same transaction that stores `PersonForgotten`, so the key and the
erasure are never seen apart. The key table's statements are named files per dialect in
`domain/privacy/sql/`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any, Protocol

from eventsourcing.persistence import StoredEvent
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from psycopg import sql

from domain.privacy import sql as statements

KEY_TABLE = "goodwill_person_keys"
INDEX_TABLE = "goodwill_person_aggregates"
NAMED = "people_named"  # the keyword that brings (person, aggregate) pairs to insert_events
FORGOTTEN_TOPIC = "domain.person:Person.PersonForgotten"

# (master key id, wrapped key) of a person; None when they have no key yet.
WrappedKey = tuple[str, bytes]
ERASED = "erased"  # what `find_key` answers for a forgotten person
Rewrap = Callable[[str, str, bytes], WrappedKey]  # (person, kid, wrapped) → new


class PersonKeys(Protocol):
    def find_keys(self, people: Sequence[str]) -> dict[str, WrappedKey | str]:
        """The rows of these people (a wrapped key, or ERASED); absent: no row yet."""
    def first_keys(self, limit: int) -> dict[str, WrappedKey | str]:
        """Up to `limit` rows, any of them (a small table is read whole in one statement)."""
    def add_keys(self, keys: dict[str, WrappedKey]) -> None:
        """Store new keys in one transaction, except for people who have a row already."""
    def rewrap_keys(self, rewrap: Rewrap) -> int:
        """Re-wrap every key in one transaction; returns how many."""
    def aggregates_of(self, person: str) -> set[str]:
        """The ids of the aggregates that name the person (`domain.privacy.index`)."""


def forgotten_people(stored_events: Iterable[StoredEvent]) -> list[str]:
    return [str(e.originator_id) for e in stored_events if e.topic == FORGOTTEN_TOPIC]


def _rows(rows: Iterable[Any]) -> dict[str, WrappedKey | str]:
    return {r["person_id"]: ERASED if r["wrapped"] is None else (r["kid"], bytes(r["wrapped"]))
            for r in rows}


def _sqlite(name: str) -> str:
    return statements.load("sqlite", name)


class SQLiteRecorder(SQLiteApplicationRecorder):
    datastore: SQLiteDatastore

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), _sqlite("create_key_table"),
                _sqlite("create_index_table")]

    def _insert_events(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent],
                       **kwargs: Any) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        c.executemany(_sqlite("index_aggregate"), kwargs.get(NAMED, ()))
        people = forgotten_people(stored_events)
        if people:
            c.execute(_sqlite("secure_delete"))
            for person in people:
                c.execute(_sqlite("erase_key"), (person,))
        return ids

    def find_keys(self, people: Sequence[str]) -> dict[str, WrappedKey | str]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_sqlite("find_keys"), (json.dumps(list(people)),))
            return _rows(c.fetchall())

    def first_keys(self, limit: int) -> dict[str, WrappedKey | str]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_sqlite("first_keys"), (limit,))
            return _rows(c.fetchall())

    def aggregates_of(self, person: str) -> set[str]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_sqlite("aggregates_of"), (person,))
            return {r["originator_id"] for r in c.fetchall()}

    def add_keys(self, keys: dict[str, WrappedKey]) -> None:
        with self.datastore.transaction(commit=True) as c:
            for person, (kid, wrapped) in keys.items():
                c.execute(_sqlite("add_key"), (person, kid, wrapped))

    def rewrap_keys(self, rewrap: Rewrap) -> int:
        with self.datastore.transaction(commit=True) as c:
            c.execute(_sqlite("live_keys"))
            rows = [(r["person_id"], r["kid"], bytes(r["wrapped"])) for r in c.fetchall()]
            for person, kid, wrapped in rows:
                c.execute(_sqlite("rewrap_key"), (*rewrap(person, kid, wrapped), person))
        return len(rows)


class PostgresRecorder(PostgresApplicationRecorder):
    datastore: PostgresDatastore

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        table = sql.Identifier(datastore.schema, KEY_TABLE) if datastore.schema \
            else sql.Identifier(KEY_TABLE)
        index = sql.Identifier(datastore.schema, INDEX_TABLE) if datastore.schema \
            else sql.Identifier(INDEX_TABLE)
        self._sql = {name: sql.SQL(statements.load("postgresql", name)).format(keys=table,
                                                                               index=index)
                     for name in statements.names("postgresql")}
        self.sql_create_statements += [self._sql["create_key_table"],
                                       self._sql["create_index_table"]]

    def _insert_events(self, curs: Any, stored_events: Sequence[StoredEvent],
                       **kwargs: Any) -> None:
        super()._insert_events(curs, stored_events, **kwargs)
        named = kwargs.get(NAMED)
        if named:  # in the events' transaction, as the erasure below
            curs.executemany(self._sql["index_aggregate"], named)
        for person in forgotten_people(stored_events):
            curs.execute(self._sql["erase_key"], (person,))

    def find_keys(self, people: Sequence[str]) -> dict[str, WrappedKey | str]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql["find_keys"], (list(people),))
            return _rows(curs.fetchall())

    def first_keys(self, limit: int) -> dict[str, WrappedKey | str]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql["first_keys"], (limit,))
            return _rows(curs.fetchall())

    def aggregates_of(self, person: str) -> set[str]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql["aggregates_of"], (person,))
            return {r["originator_id"] for r in curs.fetchall()}

    def add_keys(self, keys: dict[str, WrappedKey]) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.executemany(self._sql["add_key"],
                             [(p, kid, wrapped) for p, (kid, wrapped) in keys.items()])

    def rewrap_keys(self, rewrap: Rewrap) -> int:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._sql["live_keys"])
            rows = [(r["person_id"], r["kid"], bytes(r["wrapped"])) for r in curs.fetchall()]
            for person, kid, wrapped in rows:
                curs.execute(self._sql["rewrap_key"], (*rewrap(person, kid, wrapped), person))
        return len(rows)


class MemoryRecorder(POPOApplicationRecorder):
    def __init__(self) -> None:
        super().__init__()
        self._key_rows: dict[str, WrappedKey | None] = {}
        self._named: set[tuple[str, str]] = set()

    def insert_events(self, stored_events: Sequence[StoredEvent],
                      **kwargs: Any) -> Sequence[int] | None:
        with self._database_lock:  # the events and the erasure together
            ids = super().insert_events(stored_events, **kwargs)
            self._named.update(kwargs.get(NAMED, ()))
            for person in forgotten_people(stored_events):
                self._key_rows[person] = None
            return ids

    def aggregates_of(self, person: str) -> set[str]:
        with self._database_lock:
            return {aggregate for p, aggregate in self._named if p == person}

    def find_keys(self, people: Sequence[str]) -> dict[str, WrappedKey | str]:
        with self._database_lock:
            return {p: self._key_rows[p] or ERASED for p in people if p in self._key_rows}

    def first_keys(self, limit: int) -> dict[str, WrappedKey | str]:
        with self._database_lock:
            return {p: row or ERASED for p, row in islice(self._key_rows.items(), limit)}

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
