"""`goodwill project`, `lag` and `rebuild` against a real store and a real graph."""

from __future__ import annotations

import json

import pytest
from neo4j import Driver
from typer.testing import CliRunner

from api.cli import app as cli
from bench.projection_workload import Workload
from config import Neo4jSettings
from domain.app import Goodwill
from projector.canonical import graph_hash

pytestmark = pytest.mark.neo4j


@pytest.fixture
def env(store_url: str, neo4j_settings: Neo4jSettings, monkeypatch: pytest.MonkeyPatch
        ) -> str:
    monkeypatch.setenv("GOODWILL_EVENT_STORE", store_url)
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    return store_url


def test_project_lag_rebuild(env: str, graph: Driver) -> None:
    app = Goodwill.from_url(env)
    Workload(app).random(150, seed=3)
    head = app.max_notification_id()
    runner = CliRunner()

    behind = runner.invoke(cli, ["lag", "--json"])
    assert behind.exit_code == 0, behind.output
    assert json.loads(behind.output)["events_behind"] == head

    projected = runner.invoke(cli, ["project", "--batch-size", "50"])
    assert projected.exit_code == 0, projected.output
    assert f"Applied {head} events" in projected.output
    followed = graph_hash(graph)

    caught_up = runner.invoke(cli, ["lag", "--json"])
    shared = {"active_projector": None} if env.startswith("postgresql") else {}  # it exited
    assert json.loads(caught_up.output) == {"position": head, "head": head,
                                            "events_behind": 0, "seconds_behind": 0.0, **shared}

    rebuilt = runner.invoke(cli, ["rebuild", "--yes"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert f"Rebuilt from {head} events" in rebuilt.output
    assert graph_hash(graph) == followed


def test_commands_explain_themselves() -> None:
    runner = CliRunner()
    for command in ("project", "rebuild", "lag"):
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
