"""Errors of the read side that the API turns into clear messages."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

# The driver's ways of saying "no server to talk to" (as opposed to a bad query); with
# `connection.fail_fast`, a server that stopped answering ends in an acquisition timeout.
UNAVAILABLE = (ServiceUnavailable, SessionExpired, ConnectionError,
               ConnectionAcquisitionTimeoutError)


class GraphUnavailable(RuntimeError):
    """The graph (Neo4j) cannot be reached. Commands still go to the event store; the
    projector catches up when the graph is back."""

    code = "GRAPH_UNAVAILABLE"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "The relationship graph is unavailable right now. Recorded events are safe "
            "and will appear in the graph when it is back; please retry shortly."
        )

    @property
    def message(self) -> str:
        return str(self)


@contextlib.contextmanager
def graph_errors() -> Iterator[None]:
    """Turn the driver's connection failures into `GraphUnavailable`."""
    try:
        yield
    except UNAVAILABLE as error:
        raise GraphUnavailable() from error


@contextlib.asynccontextmanager
async def answered_within(seconds: float | None,
                          alive: Callable[[], Awaitable[object]] | None = None
                          ) -> AsyncIterator[Callable[[], None]]:
    """`GraphUnavailable` when the server has not answered within `seconds` (None: no
    bound): a server that stopped answering is not waited on. The block calls what this
    yields once the server answered; the rest of the block is not bounded.

    A server that is merely slow to begin (planning a statement on a cold server takes
    seconds) must not count as gone: once a quarter of the time has passed, `alive` asks the
    server something trivial on another connection, and its answer lifts the bound. (The
    rest of the time is the probe's: a busy machine can hold up even a trivial answer for
    half a second.)"""
    deadline = asyncio.timeout(seconds)
    probes: list[asyncio.Task[None]] = []

    async def lift_if_alive(ask: Callable[[], Awaitable[object]]) -> None:
        try:
            await ask()
        except (Neo4jError, DriverError):
            return  # no answer there either: the bound stands
        if not deadline.expired():
            deadline.reschedule(None)

    def probe() -> None:
        assert alive is not None
        probes.append(asyncio.ensure_future(lift_if_alive(alive)))

    # a timer, not a sleeping task: most statements begin long before it is due
    due = (asyncio.get_running_loop().call_later(seconds / 4, probe)
           if seconds is not None and alive is not None else None)

    def stop_probing() -> None:
        if due is not None:
            due.cancel()
        for task in probes:
            task.cancel()

    def answered() -> None:
        stop_probing()
        deadline.reschedule(None)

    try:
        async with deadline:
            try:
                yield answered
            finally:
                stop_probing()
    except TimeoutError:
        if not deadline.expired():
            raise
        raise GraphUnavailable() from None
