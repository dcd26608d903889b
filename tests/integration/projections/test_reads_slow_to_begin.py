"""A statement the server takes long to begin is not a server gone: the API's reads bound
the wait for a statement's first answer (`GraphReads(answer_s=…)`), and planning a statement
on a cold server takes seconds. While the server answers a probe on another connection, the
read waits for its statement (the frozen server's side is in tests/integration/api/
test_outages.py)."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from neo4j import Driver

from config import Neo4jSettings
from graph.connection import connect_async, fail_fast
from graph.reads import GraphReads

pytestmark = pytest.mark.neo4j

ANSWER_S = 0.25


def slow_to_plan(branches: int) -> str:
    """A statement no plan cache holds (a fresh id in each branch) with many branches to plan:
    it finds nobody, after planning each branch."""
    tag = uuid.uuid4().hex
    return " UNION ALL ".join(f"MATCH (p:Person {{id: '{tag}-{n}'}}) RETURN p.name AS name"
                              for n in range(branches))


async def read_slow_statements(settings: Neo4jSettings) -> list[tuple[float, list[object]]]:
    """Statements of growing size through the reads the API runs, each with how long it
    took, until one took well past the bound."""
    driver = connect_async(settings, **fail_fast(ANSWER_S, check_each_use=False))
    taken: list[tuple[float, list[object]]] = []
    try:
        reads = GraphReads(driver, settings.database, answer_s=ANSWER_S)
        for branches in (100, 200, 400, 800):
            began = time.monotonic()
            async with reads.result("slow_to_plan", slow_to_plan(branches)) as result:
                rows = [record["name"] async for record in result]
            taken.append((time.monotonic() - began, rows))
            if taken[-1][0] > 3 * ANSWER_S:
                break
    finally:
        await driver.close()
    return taken


def test_a_statement_slow_to_plan_is_waited_for_while_the_server_answers(
        graph: Driver, neo4j_settings: Neo4jSettings) -> None:
    taken = asyncio.run(read_slow_statements(neo4j_settings))
    assert taken[-1][0] > 3 * ANSWER_S, f"no statement took long enough to tell: {taken}"
    assert all(rows == [] for _, rows in taken)
