"""Errors of the read side that the API turns into clear messages."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from neo4j.exceptions import ConnectionAcquisitionTimeoutError, ServiceUnavailable, SessionExpired

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
