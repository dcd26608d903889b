"""The one way reads reach Neo4j: a named statement of `cypher/`, on the configured database,
as an auto-commit READ transaction with a bounded timeout, rows as plain Python values, and
every round trip counted.

Auto-commit on purpose: the driver retries managed transactions (`execute_read`,
`execute_query`) for half a minute when the server is gone, so a read would hang instead of
answering GRAPH_UNAVAILABLE at once; an auto-commit read fails on the first refusal and
`graph_errors` turns that into `GraphUnavailable`.

A server that stopped answering (frozen, overloaded) is not waited on: with `answer_s`, a
statement whose server has not begun answering (taken a connection, accepted the statement)
within that time ends as GraphUnavailable, its connection closed. That bound replaces the
driver's check of every pooled connection before use (a RESET, one more round trip per
statement); a pooled connection found dead on first use (the server restarted since) is
dropped and the statement sent once more, on a new one.

Each GraphQL request gets its own `GraphReads`; `calls` names every statement it ran, so
the API can report its round trips and tests can prove nested fields are batched (no N+1).
`SyncGraphReads` is the same on the blocking driver (CLI, analysts' Cypher, graph jobs).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from typing import Any

from neo4j import (
    READ_ACCESS,
    AsyncDriver,
    AsyncResult,
    AsyncSession,
    Driver,
    NotificationMinimumSeverity,
    Query,
    Record,
    Result,
    Session,
)
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from neo4j.time import Date, DateTime

import cypher
from graph.errors import answered_within, graph_errors
from graph.rebuild_marker import SharedRebuild
from graph.rebuilding import RebuildGate

# Longest a request's read may run on the server; graph jobs pass None (no bound).
READ_TIMEOUT_S = 60.0
QUERIES = "queries"


PLAIN = frozenset({str, int, float, bool, type(None)})


class _NotPlain(Exception):
    """A value `_plain` leaves to `Record.data()` (nodes, paths, points, durations …)."""


def native(value: Any) -> Any:
    """Neo4j temporal values as Python ones, recursively."""
    if isinstance(value, DateTime | Date):
        return value.to_native()
    if isinstance(value, list):
        return [native(item) for item in value]
    if isinstance(value, dict):
        return {key: native(item) for key, item in value.items()}
    return value


def _plain(value: Any) -> Any:
    """`native` of what `Record.data()` makes of a map, list, scalar, date or datetime, in
    one pass, by exact type: the driver's exporter checks each value against abstract
    collections, which cost more than the rest of reading a row."""
    kind = type(value)
    if kind in PLAIN:
        return value
    if kind is dict:
        return {key: _plain(item) for key, item in value.items()}
    if kind is list:
        return [_plain(item) for item in value]
    if kind is DateTime or kind is Date:
        return value.to_native()
    raise _NotPlain


def row_of(record: Record) -> dict[str, Any]:
    """A record as a dict of plain Python values: `native(record.data())`."""
    try:
        return {key: _plain(value) for key, value in record.items()}
    except _NotPlain:
        return {key: native(value) for key, value in record.data().items()}


def statement_name(name: str) -> str:
    """`people_by_ids` is `queries/people_by_ids`; a name with a folder is taken as it is."""
    return name if "/" in name else f"{QUERIES}/{name}"


def _session_options(database: str, fetch_size: int | None) -> dict[str, Any]:
    options: dict[str, Any] = {
        "database": database,
        "default_access_mode": READ_ACCESS,
        # hints such as "property key does not exist" on a young graph are noise here
        "notifications_min_severity": NotificationMinimumSeverity.OFF,
    }
    if fetch_size is not None:
        options["fetch_size"] = fetch_size
    return options


class GraphReads:
    """Reads on the async driver (the API's); none answers from a graph that is being
    rebuilt — by this process (`gate`) or by any (`shared`, the marker in the graph) —
    checked before and after each statement."""

    def __init__(self, driver: AsyncDriver, database: str = "neo4j",
                 timeout_s: float | None = READ_TIMEOUT_S, gate: RebuildGate | None = None,
                 shared: SharedRebuild | None = None, answer_s: float | None = None) -> None:
        self._driver = driver
        self._database = database
        self._timeout_s = timeout_s
        self._answer_s = answer_s
        self._gate = gate or RebuildGate()
        self._shared = shared
        self.calls: list[str] = []

    async def rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """All rows of the named statement (see `statement_name`) run with `params`."""
        generation = self._gate.check()
        marker = await self._shared.check() if self._shared is not None else None
        async with self.result(statement_name(name), cypher.load(statement_name(name)),
                               params) as result:
            rows = [row_of(record) async for record in result]
        self._gate.check(generation)
        if self._shared is not None:
            await self._shared.check(marker)
        return rows

    @asynccontextmanager
    async def result(self, label: str, text: str, params: Mapping[str, Any] | None = None,
                     *, timeout_s: float | None = None, fetch_size: int | None = None
                     ) -> AsyncIterator[AsyncResult]:
        """The open result of one statement (`text`, counted as `label`), to stream."""
        self.calls.append(label)
        timeout = self._timeout_s if timeout_s is None else timeout_s
        query, options = Query(text, timeout=timeout), _session_options(self._database,
                                                                        fetch_size)
        alive = self._driver.get_server_info  # a round trip without Cypher
        with graph_errors():
            async with answered_within(self._answer_s, alive) as begun, AsyncExitStack() as opened:
                for attempt in range(2):
                    session: AsyncSession = await opened.enter_async_context(
                        self._driver.session(**options))
                    try:
                        result = await session.run(query, dict(params or {}))
                        break
                    except (ServiceUnavailable, SessionExpired):
                        if attempt:  # a second connection failed too: the server is gone
                            raise
                begun()  # the statement's own timeout holds
                yield result


class SyncGraphReads:
    """Reads on the blocking driver: the same rules as `GraphReads`."""

    def __init__(self, driver: Driver, database: str = "neo4j",
                 timeout_s: float | None = READ_TIMEOUT_S) -> None:
        self._driver = driver
        self._database = database
        self._timeout_s = timeout_s
        self.calls: list[str] = []

    def rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """All rows of the named statement (see `statement_name`) run with `params`."""
        with self.result(statement_name(name), cypher.load(statement_name(name)),
                         params) as result:
            return [row_of(record) for record in result]

    @contextmanager
    def result(self, label: str, text: str, params: Mapping[str, Any] | None = None, *,
               timeout_s: float | None = None, fetch_size: int | None = None
               ) -> Iterator[Result]:
        """The open result of one statement (`text`, counted as `label`), to stream."""
        self.calls.append(label)
        timeout = self._timeout_s if timeout_s is None else timeout_s
        with graph_errors():
            session: Session = self._driver.session(
                **_session_options(self._database, fetch_size))
            with session:
                yield session.run(Query(text, timeout=timeout), dict(params or {}))
