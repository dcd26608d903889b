"""Helpers for scoring tests against the real Neo4j: a wiped graph per example and a way
to call the async query functions from synchronous tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from neo4j import AsyncDriver, Driver
from scoring_network import Network

import cypher
from config import Neo4jSettings
from graph.connection import apply_schema, connect_async
from graph.reads import GraphReads


def wipe(driver: Driver) -> None:
    with driver.session() as session:
        session.run(cypher.load("admin/wipe_graph")).consume()
    apply_schema(driver)


class Runner:
    """Runs async query functions on the reads of a fresh async driver each call (one event
    loop each)."""

    def __init__(self, settings: Neo4jSettings, driver: Driver) -> None:
        self.settings, self.driver = settings, driver

    def __call__(self, fn: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
        async def go() -> Any:
            driver: AsyncDriver = connect_async(self.settings)
            try:
                return await fn(GraphReads(driver, self.settings.database), *args, **kwargs)
            finally:
                await driver.close()

        return asyncio.run(go())

    def load(self, network: Network) -> None:
        wipe(self.driver)
        network.write(self.driver)


@pytest.fixture(scope="session")
def run(neo4j_settings: Neo4jSettings, neo4j_driver: Driver) -> Runner:
    return Runner(neo4j_settings, neo4j_driver)
