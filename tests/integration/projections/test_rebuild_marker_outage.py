"""While the offline rebuild has the server stopped, readers that saw its marker answer
REBUILDING, not GRAPH_UNAVAILABLE; readers that saw no rebuild report the outage."""

from __future__ import annotations

import asyncio
import socket

import pytest
from neo4j import AsyncGraphDatabase, Driver

from config import Neo4jSettings
from graph.connection import connect_async, fail_fast
from graph.errors import GraphUnavailable
from graph.rebuild_marker import RebuildMarker, SharedRebuild
from graph.rebuilding import GraphRebuilding

pytestmark = pytest.mark.neo4j


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens once it is closed


async def _look_then_lose_the_graph(settings: Neo4jSettings) -> tuple[bool, Exception]:
    """The marker as a reader sees it, then the same reader once the server is gone."""
    live = connect_async(settings, **fail_fast(1.0))
    gone = AsyncGraphDatabase.driver(f"bolt://127.0.0.1:{_closed_port()}",
                                     auth=(settings.user, settings.password), **fail_fast(1.0))
    try:
        reader = SharedRebuild(live, ttl_s=0.0)
        seen = (await reader.state()).active
        reader._driver = gone  # the server stops: every look fails from now on
        try:
            await reader.check()
        except (GraphRebuilding, GraphUnavailable) as error:
            return seen, error
        raise AssertionError("a reader answered with the graph down")
    finally:
        await live.close()
        await gone.close()


def test_a_reader_that_saw_the_marker_answers_rebuilding_while_the_graph_is_down(
        graph: Driver, neo4j_settings: Neo4jSettings) -> None:
    with RebuildMarker(graph, settle_s=0.0).held():
        seen, error = asyncio.run(_look_then_lose_the_graph(neo4j_settings))
    assert seen is True
    assert isinstance(error, GraphRebuilding) and error.code == "REBUILDING"


def test_a_reader_that_saw_no_rebuild_reports_the_graph_unavailable(
        graph: Driver, neo4j_settings: Neo4jSettings) -> None:
    seen, error = asyncio.run(_look_then_lose_the_graph(neo4j_settings))
    assert seen is False
    assert isinstance(error, GraphUnavailable)


def test_the_heartbeat_stops_before_the_server_does(graph: Driver) -> None:
    """The offline rebuild stops the marker's heartbeat before it stops the server: beats
    against a stopped server only failed and warned the person rebuilding that the graph
    was unavailable."""
    import time

    def heartbeat() -> object:
        return graph.execute_query(
            "MATCH (r:GraphRebuild) RETURN r.heartbeat_at AS at").records[0]["at"]

    marker = RebuildMarker(graph, settle_s=0.0, heartbeat_s=0.05)
    with marker.held():
        time.sleep(0.3)
        marker.stop_beating()
        time.sleep(0.1)  # a beat under way ends
        stopped = heartbeat()
        time.sleep(0.3)
        assert heartbeat() == stopped
