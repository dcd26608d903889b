"""The long-lived things one app holds: the command side, the drivers, the projector."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver, Driver
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from api.analyst_pool import AnalystPool
from api.auth import AuthError, Principal
from api.live import LiveFeed
from api.projector_runner import ProjectorRunner
from api.settings import ApiSettings
from domain.app import Goodwill
from domain.errors import EventStoreCorrupt, EventStoreUnavailable
from graph.connection import connect, connect_async, fail_fast
from graph.errors import GraphUnavailable
from graph.reads import GraphReads
from graph.rebuild_marker import SharedRebuild
from graph.rebuilding import RebuildGate
from projector.lease import lease_for
from projector.projector import Projector

log = logging.getLogger("goodwill.api")
# How long /readyz reports an event-store fault a command met (none met it since).
STORE_FAULT_MEMORY_S = 30.0
# How often a mutation in a process that does not project looks at the graph's position.
POSITION_POLL_S = 0.02


def behind_because(error: BaseException) -> str:
    """The code of why the projection could not catch up."""
    if isinstance(error, TimeoutError):
        return "CATCH_UP_TIMEOUT"
    if isinstance(error, GraphUnavailable | ServiceUnavailable | SessionExpired):
        return "GRAPH_UNAVAILABLE"
    return "PROJECTION_FAILED"


def open_domain(event_store: str) -> Goodwill:
    """The command side on `event_store` (`sqlite:///…` or `postgresql://…`)."""
    return Goodwill.from_url(event_store)


def open_projector(domain: Goodwill, driver: Driver, database: str = "neo4j",
                   gate: RebuildGate | None = None) -> Projector:
    return Projector(domain, driver, database=database, gate=gate)


# How the API's read connections introduce themselves to Neo4j (`SHOW CONNECTIONS`, logs).
READS_AGENT = "goodwill-api-reads"


@dataclass
class Services:
    settings: ApiSettings
    token_secret: str
    domain: Goodwill
    driver: Driver  # the projector's (sync) driver
    async_driver: AsyncDriver  # reads
    runner: ProjectorRunner | None
    analysts: AnalystPool  # analysts' Cypher: its own threads and connections
    gate: RebuildGate  # set while this process rebuilds the graph
    marker: SharedRebuild  # the graph's rebuild marker: a rebuild by any process
    # The latest event-store fault a command met (code, monotonic time), for /readyz: a
    # locked store still answers reads.
    store_fault: tuple[str, float] | None = field(default=None, init=False)
    # what the projector applies, for the subscriptions of this process
    live: LiveFeed = field(init=False)
    # the projection as any process sees it (position, lag), projecting here or not
    projection: Projector = field(init=False)

    def __post_init__(self) -> None:
        self.live = LiveFeed(self.domain.get_introduction)
        if self.runner is not None:
            self.runner.projector.listeners.append(self.live.batch_applied)
            self.projection = self.runner.projector
        else:
            self.projection = open_projector(self.domain, self.driver,
                                             self.settings.neo4j.database, self.gate)

    @classmethod
    def open(cls, settings: ApiSettings, token_secret: str) -> Services:
        domain = open_domain(settings.event_store)
        driver = connect(settings.neo4j)  # the projector applies the schema when it starts
        gate = RebuildGate()
        runner = None
        if settings.run_projector:
            runner = ProjectorRunner(
                open_projector(domain, driver, settings.neo4j.database, gate),
                settings.projector_poll_s, lease=lease_for(settings.event_store, domain.name))
        bound = settings.limits.graph_fail_fast_s
        reads = connect_async(settings.neo4j, user_agent=READS_AGENT,
                              **fail_fast(bound, check_each_use=False))
        analysts = AnalystPool(settings.analyst_neo4j or settings.neo4j, settings.limits,
                               settings.neo4j.database)
        marker = SharedRebuild(reads, settings.neo4j.database, answer_s=bound)
        return cls(settings, token_secret, domain, driver, reads, runner, analysts, gate,
                   marker)

    @property
    def store_is_local(self) -> bool:
        """The event store is a file of this machine (SQLite, readers never wait for its
        writers) or this process's memory: a read from it takes microseconds, not a round
        trip over the network."""
        store = self.settings.event_store
        return store.startswith("sqlite://") or store.startswith("memory:")

    def reads(self) -> GraphReads:
        """A request's reads: each statement must begin within the fail-fast bound, and
        none answers from a graph being rebuilt."""
        return GraphReads(self.async_driver, self.settings.neo4j.database, gate=self.gate,
                          shared=self.marker, answer_s=self.settings.limits.graph_fail_fast_s)

    def check_standing(self, principal: Principal) -> None:
        """AuthError unless the token still stands: not revoked, and its person (if any)
        not forgotten. Asked of the event store on every request, so both take effect at
        once, in every process on the store."""
        if self.domain.is_token_revoked(principal.token_id):
            raise AuthError("UNAUTHENTICATED", "This token has been revoked.")
        if principal.person_id is not None and self.domain.is_forgotten(principal.person_id):
            raise AuthError("UNAUTHENTICATED", "This token's person has been forgotten; "
                            "their tokens no longer work.")

    def start(self) -> None:
        if self.runner is not None:
            self.runner.start()

    async def close(self) -> None:
        idle = True
        if self.runner is not None:
            idle = await asyncio.to_thread(self.runner.close)
        await self.async_driver.close()
        self.analysts.close()
        self.driver.close()
        close = getattr(self.domain, "close", None)
        if not idle:  # a batch still reads the store: leave it open to the process's end
            log.warning("the projector did not stop; the event store is left open")
        elif callable(close):
            close()

    async def rebuilding(self) -> bool:
        """Whether this process or another rebuilds the graph (False when the graph does
        not answer: /readyz and the reads report that fault on their own)."""
        if self.gate.active:
            return True
        try:
            return (await self.marker.state()).active
        except Exception as error:
            log.debug("could not read the rebuild marker: %r", error)
            return False

    def rebuild(self) -> int:
        """Wipe the graph and replay every event; returns how many events were replayed."""
        runner = self.runner or ProjectorRunner(
            open_projector(self.domain, self.driver, self.settings.neo4j.database, self.gate)
        )
        return runner.rebuild()

    def command_ended(self, error: BaseException | None) -> None:
        """Remember an event-store fault of a command; a command that wrote clears it."""
        if error is None:
            self.store_fault = None
        elif isinstance(error, EventStoreUnavailable | EventStoreCorrupt):
            self.store_fault = (error.code, time.monotonic())

    def recent_store_fault(self) -> str | None:
        """The code of an event-store fault a command met within STORE_FAULT_MEMORY_S."""
        if self.store_fault is None:
            return None
        code, seen = self.store_fault
        return code if time.monotonic() - seen < STORE_FAULT_MEMORY_S else None

    async def after_command(self) -> str | None:
        """Make a command's effect readable before the mutation answers (bounded wait).
        None when the graph shows it; else why the read model is behind (a code). The
        process that projects catches up itself; any other (a standby, or one started
        without a projector) waits for the graph's position to reach the store's head."""
        if await self.rebuilding():  # the rebuild replays this command too; no use waiting
            return "REBUILDING"
        if self.runner is None or self.runner.standing_by:
            return await self._wait_for_graph()
        self.runner.wake()
        try:
            await asyncio.wait_for(asyncio.to_thread(self.runner.catch_up),
                                   self.settings.catch_up_timeout_s)
        except Exception as error:  # the follower keeps trying; the write itself succeeded
            log.warning("projection did not catch up after a command: %s", error)
            return behind_because(error)
        return None

    async def _wait_for_graph(self) -> str | None:
        """Wait until the graph covers every event recorded so far (this command's too)."""
        deadline = time.monotonic() + self.settings.catch_up_timeout_s
        try:
            head = await asyncio.to_thread(self.domain.recorder.max_notification_id) or 0
            while await asyncio.to_thread(self.projection.position) < head:
                if time.monotonic() >= deadline:
                    raise TimeoutError
                await asyncio.sleep(POSITION_POLL_S)
        except Exception as error:
            log.warning("the graph did not reach a command's event: %r", error)
            return behind_because(error)
        return None

    def lag_details(self) -> dict[str, Any]:
        """How far the graph is behind the store, and whether this process projects."""
        details: dict[str, Any] = self.projection.lag().as_dict()
        details["active"] = self.runner is not None and self.runner.active
        return details
