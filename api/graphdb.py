"""Reads from Neo4j: a named statement from `cypher/queries/`, one round trip, READ routing.

Each request gets its own `GraphReads`, which counts its round trips so tests can prove
that nested fields are batched (no N+1).
"""

from __future__ import annotations

from typing import Any

from neo4j import AsyncDriver, RoutingControl
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
        records, _, _ = await self._driver.execute_query(
            cypher.load(f"queries/{name}"),
            params,
            routing_=RoutingControl.READ,
            database_=self._database,
        )
        return [native(record.data()) for record in records]
