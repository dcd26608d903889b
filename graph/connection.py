"""Connecting to the Neo4j graph (settings from `config`), one driver per process."""

from __future__ import annotations

from typing import Any

from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase, Session

import config
import cypher
from config import Neo4jSettings
from graph.sessions import open_session

# How long a new index may take to fill: one made on a large graph (the full-text index of
# tags when an older graph first meets it, every index of a freshly imported store).
INDEXES_ONLINE_S = 600


def fail_fast(seconds: float, *, check_each_use: bool = True) -> dict[str, Any]:
    """Driver options under which a statement on a graph that is down, stopping or frozen
    fails within `seconds`: connecting, the Bolt handshake and taking a connection from the
    pool are bounded (the driver waits up to 60 s by default), and, with `check_each_use`,
    every pooled connection is checked before use (a RESET), so a server that stopped
    answering is not waited on.

    The RESET is a round trip per statement (about 0.3 ms on a quiet machine, 0.4 ms of CPU
    and wall time on a slower one). The API's reads bound the start of each statement
    themselves instead (`GraphReads(answer_s=…)`) and go without it. The server's
    keep-alive hint could not replace it: the hint counts whole seconds
    (`server.bolt.connection_keep_alive` × probes, rounded down; 1 s × 1 probe times out
    as the keep-alive is due), so the shortest with a probe to spare is 2 s, past the
    bound reads promise."""
    return {"connection_timeout": seconds, "connection_acquisition_timeout": seconds,
            "liveness_check_timeout": 0 if check_each_use else None}


def connect(settings: Neo4jSettings | None = None, **options: Any) -> Driver:
    """A blocking driver; `options` are the driver's (`fail_fast(…)`, pool size …)."""
    settings = settings or config.load().neo4j
    return GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password),
                                **options)


def connect_async(settings: Neo4jSettings | None = None, **options: Any) -> AsyncDriver:
    settings = settings or config.load().neo4j
    return AsyncGraphDatabase.driver(settings.uri, auth=(settings.user, settings.password),
                                     **options)


def apply_schema_in(session: Session) -> None:
    """Constraints and indexes from `cypher/schema.cypher` (each statement idempotent), then
    waits until all are online: a new index fills in the background, and the full-text one
    of tags answers queries only once it is online."""
    for statement in cypher.statements("schema"):
        session.run(statement).consume()
    session.run(cypher.load("admin/await_indexes"), seconds=INDEXES_ONLINE_S).consume()


def apply_schema(driver: Driver, database: str = "neo4j") -> None:
    with open_session(driver, database) as session:
        apply_schema_in(session)
