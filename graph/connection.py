"""Connecting to the Neo4j graph: settings from the environment, one driver per process."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase

import cypher

ENV_FILE = Path(__file__).resolve().parents[1] / ".env"


def _env_file() -> dict[str, str]:
    if not ENV_FILE.exists():
        return {}
    pairs = (line.partition("=") for line in ENV_FILE.read_text().splitlines())
    return {key.strip(): value.strip() for key, sep, value in pairs if sep}


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = "bolt://127.0.0.1:7687"
    user: str = "neo4j"
    password: str = ""
    database: str = "neo4j"

    @classmethod
    def from_env(cls) -> Neo4jSettings:
        """Environment first, then the repo's `.env` (where the password is generated)."""
        file = _env_file()

        def get(name: str, default: str) -> str:
            return os.environ.get(name) or file.get(name) or default

        # Without NEO4J_URI, follow the local server's port (ops/neo4j reads the same one).
        local = f"bolt://127.0.0.1:{get('NEO4J_BOLT_PORT', '7687')}"
        return cls(
            uri=get("NEO4J_URI", local),
            user=get("NEO4J_USER", cls.user),
            password=get("NEO4J_PASSWORD", cls.password),
            database=get("NEO4J_DATABASE", cls.database),
        )


def connect(settings: Neo4jSettings | None = None) -> Driver:
    settings = settings or Neo4jSettings.from_env()
    return GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password))


def connect_async(settings: Neo4jSettings | None = None) -> AsyncDriver:
    settings = settings or Neo4jSettings.from_env()
    return AsyncGraphDatabase.driver(settings.uri, auth=(settings.user, settings.password))


def apply_schema(driver: Driver, database: str = "neo4j") -> None:
    """Constraints and indexes from `cypher/schema.cypher`; each statement is idempotent."""
    for statement in cypher.statements("schema"):
        driver.execute_query(statement, database_=database)
