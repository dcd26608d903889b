"""Shared fixtures. Neo4j is found in this order: NEO4J_URI if set, else a Docker engine
through testcontainers if one answers, else the local server that ops/neo4j starts — only
for tests that ask for it, which carry the `neo4j` marker (checked at collection), so
`pytest -m "not neo4j and not postgres and not browser"` runs without any server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from types import ModuleType
from uuid import uuid4

import pytest
from hypothesis import settings as hypothesis_settings
from neo4j import Driver

import config
import cypher
from config import Neo4jSettings
from graph.connection import apply_schema, connect
from projector.offline.swap import neo4jctl as load_neo4jctl

# Properties are about values, not time: no example fails for being slow on a busy machine
# (a library's first call may load its data; speed is measured in bench/).
hypothesis_settings.register_profile("goodwill", deadline=None)
hypothesis_settings.load_profile("goodwill")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unmarked = [item.nodeid for item in items
                if "neo4j_settings" in getattr(item, "fixturenames", ())
                and item.get_closest_marker("neo4j") is None]
    if unmarked:
        raise pytest.UsageError("these tests need Neo4j but lack `pytestmark = "
                                "pytest.mark.neo4j`: " + ", ".join(unmarked))


@pytest.fixture(scope="session")
def neo4jctl() -> ModuleType:
    """`ops/neo4j/neo4jctl.py`, the script that runs the local server (not a package)."""
    return load_neo4jctl()


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:  # no engine, no socket, no permission: all mean "no Docker here"
        return False


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Neo4jSettings]:
    if os.environ.get("NEO4J_URI"):
        yield config.load().neo4j
    elif _docker_answers():
        from testcontainers.neo4j import Neo4jContainer

        # The settings ops/neo4j/neo4j.conf.template keeps analysts' Cypher in the graph by.
        container = Neo4jContainer("neo4j:5.26-community").with_env(
            "NEO4J_dbms_security_allow__csv__import__from__file__urls", "false",
        ).with_env("NEO4J_internal_dbms_cypher__ip__blocklist", "0.0.0.0/0,::/0",
        ).with_env("NEO4J_db_memory_transaction_max", "256m")
        with container:
            yield Neo4jSettings(
                uri=container.get_connection_url(), user="neo4j", password=container.password
            )
    else:
        ctl = load_neo4jctl()
        instance = ctl.Instance.from_env()
        ctl.start(instance)
        yield Neo4jSettings(uri=instance.uri, user="neo4j", password=instance.password)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Neo4jSettings) -> Iterator[Driver]:
    driver = connect(neo4j_settings)
    driver.verify_connectivity()
    yield driver
    driver.close()


@pytest.fixture
def graph(neo4j_driver: Driver) -> Driver:
    """A driver on an empty graph with the schema applied (Community has one database,
    so tests share it and start from a wipe)."""
    with neo4j_driver.session() as session:  # IN TRANSACTIONS needs an auto-commit query
        session.run(cypher.load("admin/wipe_relationships")).consume()
        session.run(cypher.load("admin/wipe_graph")).consume()
        session.run(cypher.load("admin/wipe_rebuild_marker")).consume()
    apply_schema(neo4j_driver)
    return neo4j_driver


POSTGRES_URL_VAR = "GOODWILL_TEST_POSTGRES_URL"


@pytest.fixture
def postgres_store_url() -> Iterator[str]:
    """An event-store URL on a schema of its own (dropped afterwards), on the PostgreSQL of
    GOODWILL_TEST_POSTGRES_URL; skips when that is not set."""
    import psycopg

    base = os.environ.get(POSTGRES_URL_VAR)
    if not base:
        pytest.skip(f"{POSTGRES_URL_VAR} is not set (run `make test`, or start one with "
                    "`bash ops/postgres/pgctl.sh start` and export its `url`)")
    schema = f"t_{uuid4().hex[:16]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}{'&' if '?' in base else '?'}schema={schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
