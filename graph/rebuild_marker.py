"""The rebuild marker in the graph: a rebuild by any process (`goodwill rebuild` beside a
serving API, say) is seen by every process that reads the graph.

Writer (`RebuildMarker.held`, used by `Projector.rebuild`): mark the graph (`active`, a
fresh `rebuild_id`), wait for projection batches in flight elsewhere to commit, then wait
`SETTLE_S` — longer than any reader answers from its last look at the marker — before the
wipe begins; a heartbeat thread refreshes the marker while the rebuild runs, and the marker
is cleared when it ends, however it ends.

Readers (`SharedRebuild`, the API) look at the marker at most every `MARKER_TTL_S`, before
and after each read: a read that saw no marker before and after it, with the same
`rebuild_id`, ran on a graph no wipe had touched. A marker whose heartbeat is older than
`STALE_S` was left by a rebuild that crashed: it is not active, readers answer again and
the projectors resume the replay from the stored position (the next rebuild replaces it).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from neo4j import READ_ACCESS, AsyncDriver, Driver, NotificationMinimumSeverity, Query

import cypher
from graph.errors import GraphUnavailable, answered_within, graph_errors
from graph.rebuilding import GraphRebuilding
from graph.sessions import open_session

log = logging.getLogger(__name__)

MARKER_TTL_S = 0.5  # how long a reader answers from its last look at the marker
SETTLE_S = 2 * MARKER_TTL_S + 0.5  # a rebuild waits this long between marking and wiping
HEARTBEAT_S = 5.0
STALE_S = 60.0  # a marker not refreshed for this long was left by a crashed rebuild
STATE = "queries/rebuild_state"
STATE_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class MarkerState:
    active: bool
    rebuild_id: str | None  # the latest rebuild begun (None: never rebuilt)


def _state(record: Any) -> MarkerState:
    if record is None:
        return MarkerState(False, None)
    return MarkerState(bool(record["active"]), record["rebuild_id"])


def read_state(tx: Any) -> MarkerState:
    """The marker, read in an open transaction or session of the blocking driver."""
    return _state(tx.run(cypher.load(STATE), stale_s=STALE_S).single())


class SharedRebuild:
    """The marker as an API process sees it: looked up at most every `ttl_s`."""

    def __init__(self, driver: AsyncDriver, database: str = "neo4j",
                 ttl_s: float = MARKER_TTL_S, answer_s: float | None = None) -> None:
        """`answer_s`: longest a look waits for the server (see `graph.reads`)."""
        self._driver = driver
        self._answer_s = answer_s
        self._database = database
        self._ttl_s = ttl_s
        self._state: MarkerState | None = None
        self._looked_at = 0.0  # monotonic time the last look began

    async def state(self) -> MarkerState:
        now = time.monotonic()
        if self._state is None or now - self._looked_at >= self._ttl_s:
            try:
                await self._look()
            except GraphUnavailable:
                # the offline rebuild stops the server once every reader saw its marker:
                # while it is down, the last look stands (REBUILDING, not GRAPH_UNAVAILABLE)
                if self._state is not None and self._state.active:
                    return self._state
                raise
            self._looked_at = now  # the look began then: what it saw is at least that new
        assert self._state is not None
        return self._state

    async def _look(self) -> None:
        # a frozen server is not waited on; one slow to plan the look is
        async with answered_within(self._answer_s, self._driver.get_server_info):
            with graph_errors():
                # a READ: on a cluster a follower answers; the margin of SETTLE_S over
                # MARKER_TTL_S (a second) covers a follower's lag behind the leader
                async with self._driver.session(
                        database=self._database, default_access_mode=READ_ACCESS,
                        notifications_min_severity=NotificationMinimumSeverity.OFF) as session:
                    result = await session.run(
                        Query(cypher.load(STATE), timeout=STATE_TIMEOUT_S), stale_s=STALE_S)
                    self._state = _state(await result.single())

    async def check(self, since: MarkerState | None = None) -> MarkerState:
        """The marker; GraphRebuilding while a rebuild runs, or when one began after the
        look `since` was."""
        state = await self.state()
        if state.active or (since is not None and since.rebuild_id != state.rebuild_id):
            raise GraphRebuilding()
        return state


class RebuildMarker:
    """The writer's side, on the blocking driver."""

    def __init__(self, driver: Driver, database: str = "neo4j", *,
                 settle_s: float = SETTLE_S, heartbeat_s: float = HEARTBEAT_S) -> None:
        self._driver = driver
        self._database = database
        self._settle_s = settle_s
        self._heartbeat_s = heartbeat_s
        self._beating: threading.Event | None = None  # set: the held marker's beat stops

    def stop_beating(self) -> None:
        """End the heartbeat of the marker held now, before its server stops on purpose
        (an offline rebuild's swap): beats would only fail, and say so."""
        if self._beating is not None:
            self._beating.set()

    def _run(self, name: str, **params: Any) -> None:
        with graph_errors(), open_session(self._driver, self._database) as session:
            session.run(cypher.load(f"admin/{name}"), **params).consume()

    def state(self) -> MarkerState:
        with graph_errors(), open_session(self._driver, self._database) as session:
            return read_state(session)

    @contextmanager
    def held(self, rebuild_id: str | None = None) -> Iterator[str]:
        """Mark the graph for the length of the block; yields this rebuild's id (a fresh
        one unless given) once every reader has seen the marker and no projection batch of
        another process runs."""
        rebuild_id = rebuild_id or uuid.uuid4().hex
        self._run("rebuild_begin", rebuild_id=rebuild_id)
        stop = self._beating = threading.Event()
        beat = threading.Thread(target=self._beat, args=(rebuild_id, stop),
                                name="rebuild-heartbeat", daemon=True)
        beat.start()
        try:
            self._run("rebuild_drain")
            time.sleep(self._settle_s)
            yield rebuild_id
        finally:
            stop.set()
            beat.join(self._heartbeat_s)
            try:
                self._run("rebuild_end", rebuild_id=rebuild_id)
            except Exception as error:  # the staleness bound clears it
                log.warning("could not clear the rebuild marker (readers wait %.0f s for "
                            "it to go stale): %s", STALE_S, error)

    def _beat(self, rebuild_id: str, stop: threading.Event) -> None:
        while not stop.wait(self._heartbeat_s):
            try:
                self._run("rebuild_heartbeat", rebuild_id=rebuild_id)
            except Exception as error:  # the next beat tries again
                log.warning("rebuild heartbeat failed: %s", error)
