"""Neo4j outage: commands are still accepted into the event store, reads say "graph
unavailable" at once (no stack trace, no half a minute of retries), and the projector the
API runs (`api.projector_runner`) catches up by itself when the server is back. Stops and
restarts the server that `neo4jctl` manages for this run."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from neo4j import Driver

from api.projector_runner import ProjectorRunner
from config import Neo4jSettings
from domain.actors import Actor
from domain.app import Goodwill
from graph.errors import GraphUnavailable
from graph.reads import SyncGraphReads
from projector.canonical import read_graph
from projector.projector import Projector
from reads.asof import tie_as_of

pytestmark = pytest.mark.neo4j

FAIL_FAST_S = 5.0  # a read while Neo4j is down answers well within this

ROOT = Path(__file__).resolve().parents[3]
ADMIN = Actor.admin()


def wait_for(predicate: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except GraphUnavailable:
            pass
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_outage_commands_accepted_reads_fail_clearly_projector_catches_up(
    app: Goodwill, graph: Driver, neo4j_settings: Neo4jSettings, neo4jctl: ModuleType
) -> None:
    ctl = neo4jctl
    instance = ctl.Instance.from_env()
    if instance.uri != neo4j_settings.uri or ctl.running_pid(instance) is None:
        pytest.skip(f"{neo4j_settings.uri} is not the server neo4jctl manages here "
                    f"({instance.uri} in {instance.home}); set GOODWILL_NEO4J_DIR and "
                    "NEO4J_BOLT_PORT to let this test stop and start it")
    runner = ProjectorRunner(Projector(app, graph), poll_s=0.1)
    ada = str(app.register_person(ADMIN, name="Ada").aggregate_id)
    runner.start()
    try:
        assert wait_for(lambda: runner.lag() == 0, 30)
        ctl.stop(instance)
        try:
            bob = str(app.register_person(ADMIN, name="Bob").aggregate_id)
            app.record_meeting(ADMIN, a=ada, b=bob, context="during the outage")
            runner.wake()
            asked = time.monotonic()
            with pytest.raises(GraphUnavailable) as unavailable:
                tie_as_of(SyncGraphReads(graph), ada, bob, datetime.now(tz=UTC))
            assert time.monotonic() - asked < FAIL_FAST_S
            assert unavailable.value.code == "GRAPH_UNAVAILABLE"
            assert "unavailable" in str(unavailable.value)
            with pytest.raises(GraphUnavailable):
                runner.lag()
            time.sleep(1.0)  # the follower keeps trying meanwhile
            assert runner.running
        finally:
            ctl.start(instance)
        head = app.max_notification_id()
        assert wait_for(lambda: runner.lag_details()["position"] == head, 60)
    finally:
        runner.stop()
    assert not runner.running
    graph_now = read_graph(graph)
    assert graph_now.node(bob).props["name"] == "Bob"
    assert len(graph_now.rels("MET")) == 1
