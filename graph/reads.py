"""Reads from Neo4j: a named statement from `cypher/queries/`, one round trip, READ routing.

Each request gets its own `GraphReads`, which counts its round trips so tests can prove
that nested fields are batched (no N+1).
"""

from __future__ import annotations

from typing import Any

from neo4j import READ_ACCESS, AsyncDriver
from neo4j.time import Date, DateTime

import cypher


def native(value: Any) -> Any:
    """Neo4j temporal values as Python ones, recursively."""
    if isinstance(value, DateTime | Date):
        return value.to_native()
    if isinstance(value, list):
        return [native(item) for item in value]
    if isinstance(value, dict):
        return {key: native(item) for key, item in value.items()}
    return value


class GraphReads:
    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self._driver = driver
        self._database = database
        self.calls: list[str] = []

    async def rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """All rows of `cypher/queries/<name>.cypher` run with `params`."""
        self.calls.append(name)
        # An auto-commit read: not retried for half a minute when Neo4j is down, so the
        # client hears GRAPH_UNAVAILABLE at once.
        async with self._driver.session(
            database=self._database, default_access_mode=READ_ACCESS
        ) as session:
            result = await session.run(cypher.load(f"queries/{name}"), params)
            return [native(record.data()) async for record in result]
