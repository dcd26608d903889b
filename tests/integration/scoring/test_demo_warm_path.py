"""The demo network, recorded by the domain and projected by the projector, answers the
README's warmIntroductions query over GraphQL with an explained warm path."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from api import auth
from api.app import create_app
from api.demo import demo_person_id, seed_demo
from api.settings import ApiSettings, Limits
from config import Neo4jSettings

pytestmark = pytest.mark.neo4j

SECRET = "scoring-demo-secret"
NOW = datetime(2025, 6, 1, tzinfo=UTC)

QUERY = """
query Warm($me: ID!, $to: ID!, $asOf: DateTime) {
  warmIntroductions(from: $me, to: {person: $to}, maxHops: 3, first: 3, asOf: $asOf) {
    items {
      warmth
      broker { name }
      people { name }
      hops { from { name } to { name } strength reciprocity explanation }
    }
  }
}
"""


def test_demo_network_warm_path_over_graphql(graph: Driver, neo4j_settings: Neo4jSettings,
                                              tmp_path: Path) -> None:
    settings = ApiSettings(event_store=f"sqlite:///{tmp_path / 'events.sqlite'}",
                           neo4j=neo4j_settings, limits=Limits(), token_secret=SECRET,
                           projector_poll_s=0.1)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        services = client.app.state.services
        seed_demo(services.domain, now=NOW)
        services.rebuild()  # project everything recorded so far
        token = auth.issue(SECRET, auth.Role.ANALYST)
        body = client.post("/graphql", json={"query": QUERY, "variables": {
            "me": str(demo_person_id("hugo")), "to": str(demo_person_id("jonas")),
            "asOf": NOW.isoformat()}}, headers={"Authorization": f"Bearer {token}"}).json()
    assert not body.get("errors"), body["errors"]
    paths = body["data"]["warmIntroductions"]["items"]
    assert paths, "no warm path from Hugo to Jonas"
    best = paths[0]
    assert [p["name"] for p in best["people"]] == [
        "Hugo Silva", "Ana Ruiz", "Ines Costa", "Jonas Berg"]
    assert best["broker"]["name"] == "Ana Ruiz"
    assert best["hops"][2]["explanation"].startswith("Ines Costa helped Jonas Berg once in")
    assert 0 < best["warmth"] < 1
    assert all(hop["explanation"] for hop in best["hops"])
    warmths = [p["warmth"] for p in paths]
    assert warmths == sorted(warmths, reverse=True)
