"""A rebuild run by another process (`goodwill rebuild` beside a serving API) is seen by the
API through the marker in the graph: while the CLI wipes and replays, every read answers
REBUILDING and /readyz 503 — never a person missing, no tie — and afterwards the answers
are the ones from before. The API's own projector leaves the graph to the rebuild."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from gqlclient import Api
from neo4j import Driver

from domain.app import Goodwill
from graph.rebuild_marker import STALE_S, RebuildMarker
from synthetic.load import load
from synthetic.plan import plan

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[3]
PEOPLE = 150  # about 10,000 events: the CLI takes seconds to wipe and replay them
READ = """query($a: ID!, $b: ID!) { person(id: $a) { name }
    relationship(a: $a, b: $b) { connected since } }"""


def a_tie(people: int) -> tuple[str, str]:
    """Two people of the plan with a tie, neither forgotten."""
    net = plan(people).network
    gone = set(net.forgotten)
    for a, b in zip(net.tie_a, net.tie_b, strict=True):
        if a not in gone and b not in gone:
            return net.ids[a], net.ids[b]
    raise AssertionError("the plan has no tie")


def cli_env(api: Api) -> dict[str, str]:
    neo4j = api.settings.neo4j
    return {**os.environ, "GOODWILL_EVENT_STORE": api.settings.event_store,
            "NEO4J_URI": neo4j.uri, "NEO4J_USER": neo4j.user,
            "NEO4J_PASSWORD": neo4j.password}


def answer(api: Api, pair: tuple[str, str]) -> tuple[str, Any]:
    """("ok", data) or ("REBUILDING", None); anything else fails the test."""
    body = api.post(READ, {"a": pair[0], "b": pair[1]}, api.token())
    errors = body.get("errors") or []
    if errors:
        codes = {error["extensions"]["code"] for error in errors}
        assert codes == {"REBUILDING"}, errors
        return "REBUILDING", None
    return "ok", body["data"]


@pytest.mark.slow
def test_a_cli_rebuild_is_seen_by_the_serving_api(api: Api, graph: Driver) -> None:
    store = Goodwill.from_url(api.settings.event_store)
    load(store, plan(PEOPLE))
    head = store.max_notification_id()
    api.services.runner.catch_up()
    assert api.services.runner.lag() == 0
    pair = a_tie(PEOPLE)
    state, before = answer(api, pair)
    assert state == "ok" and before["person"]["name"] and before["relationship"]["connected"]

    rebuild = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "rebuild", "--yes"], cwd=ROOT, env=cli_env(api),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen: list[str] = []
    readiness: list[int] = []
    try:
        while rebuild.poll() is None:
            state, data = answer(api, pair)
            seen.append(state)
            if state == "ok":  # before the mark, or after the replay: the same answer
                assert data == before
            readiness.append(api.client.get("/readyz").status_code)
            time.sleep(0.05)
        output = rebuild.stdout.read() if rebuild.stdout else ""
    finally:
        if rebuild.poll() is None:
            rebuild.kill()
    assert rebuild.returncode == 0, output
    assert f"Rebuilt from {head} events" in output
    assert seen.count("REBUILDING") >= 3, seen
    assert 503 in readiness
    time.sleep(1.0)  # past the API's last look at the marker
    assert answer(api, pair) == ("ok", before)
    assert api.client.get("/readyz").status_code == 200
    getattr(store, "close", lambda: None)()


def test_a_marker_left_by_a_crashed_rebuild_goes_stale(api: Api, graph: Driver) -> None:
    """A rebuild that died without clearing its marker does not keep the API refusing: a
    marker whose heartbeat is older than STALE_S is not active."""
    ada = api.register("Ada")
    marker = RebuildMarker(graph, settle_s=0.0)
    with marker.held():
        assert marker.state().active
        time.sleep(0.6)
        assert api.error_codes(f'{{ person(id: "{ada}") {{ name }} }}',
                               token=api.token()) == ["REBUILDING"]
        graph.execute_query("MATCH (m:GraphRebuild) SET m.heartbeat_at = "
                            "datetime() - duration({seconds: $age})", age=STALE_S + 1)
        assert not marker.state().active
        time.sleep(0.6)
        assert api.ok(f'{{ person(id: "{ada}") {{ name }} }}',
                      token=api.token())["person"]["name"] == "Ada"
    assert not marker.state().active
