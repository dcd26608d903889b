"""Neo4j outage: commands are still accepted into the event store, reads say "graph
unavailable" (no stack trace), and the following projector catches up by itself when the
server is back. Stops and restarts the server that `neo4jctl` manages for this run."""

from __future__ import annotations

import importlib.util
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from config import Neo4jSettings
from domain.actors import Actor
from domain.app import Goodwill
from projections.asof import tie_as_of
from projections.background import BackgroundProjector
from projections.canonical import read_graph
from projections.errors import GraphUnavailable
from projections.projector import Projector

ROOT = Path(__file__).resolve().parents[3]
ADMIN = Actor.admin()


def neo4jctl() -> Any:
    spec = importlib.util.spec_from_file_location("neo4jctl", ROOT / "ops/neo4j/neo4jctl.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["neo4jctl"] = module
    spec.loader.exec_module(module)
    return module


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
    app: Goodwill, graph: Driver, neo4j_settings: Neo4jSettings
) -> None:
    ctl = neo4jctl()
    instance = ctl.Instance.from_env()
    if instance.uri != neo4j_settings.uri or ctl.running_pid(instance) is None:
        pytest.skip(f"{neo4j_settings.uri} is not the server neo4jctl manages here "
                    f"({instance.uri} in {instance.home}); set GOODWILL_NEO4J_DIR and "
                    "NEO4J_BOLT_PORT to let this test stop and start it")
    projector = Projector(app, graph)
    ada = str(app.register_person(ADMIN, name="Ada").aggregate_id)
    with BackgroundProjector(projector, poll_interval=0.1) as background:
        assert wait_for(lambda: background.lag().events_behind == 0, 30)
        ctl.stop(instance)
        try:
            bob = str(app.register_person(ADMIN, name="Bob").aggregate_id)
            app.record_meeting(ADMIN, a=ada, b=bob, context="during the outage")
            background.wake()
            with pytest.raises(GraphUnavailable) as unavailable:
                tie_as_of(graph, ada, bob, datetime.now(tz=UTC))
            assert unavailable.value.code == "GRAPH_UNAVAILABLE"
            assert "unavailable" in str(unavailable.value)
            with pytest.raises(GraphUnavailable):
                background.lag()
            time.sleep(1.0)  # the follower keeps trying meanwhile
            assert background.running
        finally:
            ctl.start(instance)
        head = app.max_notification_id()
        assert wait_for(lambda: background.lag().position == head, 60)
    graph_now = read_graph(graph)
    assert graph_now.node(bob).props["name"] == "Bob"
    assert len(graph_now.rels("MET")) == 1
