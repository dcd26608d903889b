"""Where analysts' Cypher runs: its own threads and its own Neo4j connections, at most
`cypher_concurrency` statements at once, so a slow statement holds an analyst's slot and
nothing that mutations or GraphQL need (the event loop's default threads, the projector's
driver, the API's read driver).

A statement waits up to `cypher_queue_s` for a slot, then is refused (CYPHER_BUSY). The
caller gets its answer by the statement's timeout (plus a grace for the round trip) even if
Neo4j is slow to stop it; the slot stays taken until Neo4j has, so no more than
`cypher_concurrency` analyst statements ever run on the server.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any

from neo4j import Driver

from api.analyst import CypherError, CypherResult, run_read
from api.settings import Limits
from config import Neo4jSettings
from graph.connection import connect, fail_fast

# How long after its timeout the caller still waits for Neo4j's own answer.
GRACE_S = 2.0


def _release(loop: asyncio.AbstractEventLoop, slots: asyncio.Semaphore) -> None:
    """Free a slot from the analyst thread that ends (the loop may have closed since)."""
    if not loop.is_closed():
        loop.call_soon_threadsafe(slots.release)


class AnalystPool:
    def __init__(self, settings: Neo4jSettings, limits: Limits, database: str = "neo4j"
                 ) -> None:
        self.limits = limits
        self.database = database
        self.driver: Driver = connect(
            settings, **fail_fast(limits.graph_fail_fast_s),
            max_connection_pool_size=limits.cypher_concurrency,
            max_transaction_retry_time=0.0)
        self._executor = ThreadPoolExecutor(limits.cypher_concurrency,
                                            thread_name_prefix="analyst")
        self._slots: asyncio.Semaphore | None = None  # made on the serving event loop

    async def run(self, statement: str, parameters: dict[str, Any]) -> CypherResult:
        limits = self.limits
        if self._slots is None:
            self._slots = asyncio.Semaphore(limits.cypher_concurrency)
        slots = self._slots
        try:
            await asyncio.wait_for(slots.acquire(), limits.cypher_queue_s)
        except TimeoutError:
            raise CypherError("CYPHER_BUSY", f"All {limits.cypher_concurrency} analyst slots "
                              f"stayed busy for {limits.cypher_queue_s:g} s; try again "
                              "shortly.") from None
        work: Future[CypherResult] = self._executor.submit(partial(
            run_read, self.driver, statement, parameters, timeout_s=limits.cypher_timeout_s,
            max_rows=limits.cypher_max_rows, max_bytes=limits.cypher_max_bytes,
            database=self.database))
        loop = asyncio.get_running_loop()
        work.add_done_callback(lambda _: _release(loop, slots))
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(work)),
                                          limits.cypher_timeout_s + GRACE_S)
        except TimeoutError:
            raise CypherError("CYPHER_TIMEOUT", f"The statement ran past its time limit of "
                              f"{limits.cypher_timeout_s:g} s; Neo4j stops it.") from None

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self.driver.close()
