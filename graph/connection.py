"""Connecting to the Neo4j graph (settings from `config`), one driver per process."""

from __future__ import annotations

from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase

import config
import cypher
from config import Neo4jSettings


def connect(settings: Neo4jSettings | None = None) -> Driver:
    settings = settings or config.load().neo4j
    return GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password))


def connect_async(settings: Neo4jSettings | None = None) -> AsyncDriver:
    settings = settings or config.load().neo4j
    return AsyncGraphDatabase.driver(settings.uri, auth=(settings.user, settings.password))


def apply_schema(driver: Driver, database: str = "neo4j") -> None:
    """Constraints and indexes from `cypher/schema.cypher`; each statement is idempotent."""
    for statement in cypher.statements("schema"):
        driver.execute_query(statement, database_=database)
