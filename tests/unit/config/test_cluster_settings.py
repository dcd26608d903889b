"""Settings for a Neo4j cluster: routing URIs (`neo4j://`, `neo4j+s://`) are accepted and
give the routing driver, and analysts' Cypher may have its own URI (a read replica) that
defaults to the graph's."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from neo4j import AsyncGraphDatabase, GraphDatabase

import config
from api.settings import ApiSettings
from config import Settings, SettingsError
from graph.connection import connect, connect_async


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in [*Settings.variables().values(), config.ENV_FILE_VARIABLE]:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(tmp_path)


def test_analysts_use_the_graph_unless_a_replica_is_named(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j://core1.example:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    settings = config.load()
    assert settings.neo4j_analyst == settings.neo4j
    monkeypatch.setenv("NEO4J_ANALYST_URI", "neo4j://replica1.example:7687")
    settings = config.load()
    assert settings.neo4j.uri == "neo4j://core1.example:7687"
    assert settings.neo4j_analyst.uri == "neo4j://replica1.example:7687"
    # the rest is the graph's: same user, password, database
    assert (settings.neo4j_analyst.user, settings.neo4j_analyst.password,
            settings.neo4j_analyst.database) == ("neo4j", "pw", "neo4j")
    api = ApiSettings.from_settings(settings)
    assert api.analyst_neo4j is not None
    assert api.analyst_neo4j.uri == "neo4j://replica1.example:7687"


def test_the_analyst_uri_follows_the_local_port_when_unset(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setenv("NEO4J_BOLT_PORT", "7799")
    assert config.load().neo4j_analyst.uri == "bolt://127.0.0.1:7799"


@pytest.mark.parametrize("variable", ["NEO4J_URI", "NEO4J_ANALYST_URI"])
def test_a_bad_analyst_or_graph_uri_is_named(monkeypatch: pytest.MonkeyPatch,
                                             variable: str) -> None:
    monkeypatch.setenv(variable, "http://replica:7474")
    with pytest.raises(SettingsError) as refused:
        config.load()
    assert f"{variable}='http://replica:7474'" in str(refused.value)


@pytest.mark.parametrize("uri", ["neo4j+s://graph.example.com:7687",
                                 "neo4j+ssc://graph.example.com", "neo4j://10.0.0.5:7687"])
def test_routing_uris_are_accepted_and_give_the_routing_driver(
        monkeypatch: pytest.MonkeyPatch, uri: str) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_ANALYST_URI", uri)
    settings = config.load()
    assert settings.neo4j.uri == settings.neo4j_analyst.uri == uri
    # built, not connected: there is no TLS server here
    with connect(settings.neo4j) as driver:
        assert type(driver).__name__ == "Neo4jDriver"  # routing, not a direct BoltDriver
        assert driver.encrypted == ("+s" in uri)
    async_driver = connect_async(settings.neo4j)
    assert type(async_driver).__name__ == "AsyncNeo4jDriver"
    asyncio.run(async_driver.close())


def test_a_bolt_uri_gives_a_direct_driver() -> None:
    driver = GraphDatabase.driver("bolt://127.0.0.1:7687")
    assert type(driver).__name__ == "BoltDriver"
    driver.close()
    async_driver = AsyncGraphDatabase.driver("bolt://127.0.0.1:7687")
    assert type(async_driver).__name__ == "AsyncBoltDriver"
    asyncio.run(async_driver.close())
