"""Part of the demo network comes from files: Ana's LinkedIn Connections.csv and her
calendar (api/demo_data/ana/), imported as she would import them. Their ties and meetings
reach the graph, seeding twice records nothing new, and Hugo's warm path to Jonas is still
Hugo → Ana → Ines → Jonas."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

import config
from api import auth
from api.app import create_app
from api.demo import demo_import_files, demo_person_id, seed_demo, seed_demo_imports
from api.settings import ApiSettings, Limits
from config import Neo4jSettings, Settings
from domain.actors import Actor
from domain.app import Goodwill
from projector.canonical import read_graph
from projector.projector import Projector

pytestmark = pytest.mark.neo4j

SECRET = "demo-imports-secret"
NOW = datetime(2025, 6, 1, tzinfo=UTC)
ANA, HUGO, INES, JONAS = (str(demo_person_id(h)) for h in ("ana", "hugo", "ines", "jonas"))
NEWCOMERS = {"Marta Nowak", "Tomás Ferreira", "Priya Raman", "健 佐藤"}
WARM = """
query Warm($me: ID!, $to: ID!, $asOf: DateTime) {
  warmIntroductions(from: $me, to: {person: $to}, maxHops: 3, first: 3, asOf: $asOf) {
    items { warmth broker { name } people { name } }
  }
}
"""


def test_the_demo_files_are_package_data_shaped_like_the_exports() -> None:
    files = dict(demo_import_files())
    assert set(files) == {"linkedin", "ical"}
    connections = files["linkedin"].read_bytes()  # as exported: CRLF line ends
    assert connections.startswith(b"Notes:\r\n")
    assert b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n" in (
        connections)
    assert files["ical"].read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_seeding_with_the_imports_brings_ties_and_meetings_into_the_graph(
        tmp_path: Path, graph: Driver) -> None:
    app = Goodwill.from_url(f"sqlite:///{tmp_path / 'events.db'}")
    try:
        seed_demo(app)
        first = seed_demo_imports(app)
        # 4 people new, 4 ties new; 8 meetings (a monthly series with Ines: 6 less one
        # excluded, one moved; Hugo; Marta and Priya, whom the LinkedIn file brought)
        assert [(d.kind, d.recorded) for d in first] == [("linkedin", 8), ("ical", 8)]
        head = app.max_notification_id()
        seed_demo(app)
        assert [d.recorded for d in seed_demo_imports(app)] == [0, 0]
        assert app.max_notification_id() == head  # seeding twice records nothing new

        Projector(app, graph).catch_up()
        g = read_graph(graph)
        names = {n.key: n.props.get("name") for n in g.nodes}
        ana_knows = {names[r.target if r.source == ANA else r.source]: r.props
                     for r in g.rels("KNOWS") if ANA in (r.source, r.target)}
        assert set(ana_knows) >= NEWCOMERS
        assert {ana_knows[n]["source"] for n in NEWCOMERS} == {"imported"}
        met = [r for r in g.rels("MET") if ANA in (r.source, r.target)]
        by_pair: dict[str, set[str]] = {}
        for r in met:
            other = names[r.target if r.source == ANA else r.source]
            by_pair.setdefault(other, set()).add(r.props.get("context"))
        assert {"Circle hiring sync", "Circle hiring sync (moved to Thursday)"} <= by_pair[
            "Ines Costa"]
        assert "Community hall roof walk-through" in by_pair["Hugo Silva"]
        assert by_pair["Marta Nowak"] == {"Venue visit for Northside breakfast"}
        assert by_pair["Priya Raman"] == {"Green roofs talk at the community hall"}
        # declined (with Ben) and cancelled (with Jonas) events made no meeting
        assert "Circle budget review" not in by_pair.get("Ben Okafor", set())
        assert "Jonas Berg" not in by_pair
    finally:
        app.close()


def test_the_demo_people_carry_identifiers_and_a_reseed_spares_the_forgotten(
        tmp_path: Path) -> None:
    app = Goodwill.from_url(f"sqlite:///{tmp_path / 'events.db'}")
    try:
        seed_demo(app)
        hugo = app.get_person(HUGO)
        assert (hugo.emails, hugo.profiles) == (["hugo@silvabuilds.example"],
                                                ["linkedin.com/in/hugo-silva-builds"])
        farid = str(demo_person_id("farid"))
        app.forget_person(Actor.admin(), person=farid)
        head = app.max_notification_id()
        seed_demo(app)  # no identifiers set on someone forgotten: nothing new, no error
        assert app.max_notification_id() == head
    finally:
        app.close()


@pytest.mark.parametrize("now", [NOW, None], ids=["as-of-2025-06-01", "today"])
def test_the_warm_path_to_jonas_is_unchanged_by_the_imports(
        graph: Driver, neo4j_settings: Neo4jSettings, tmp_path: Path,
        now: datetime | None) -> None:
    settings = ApiSettings(event_store=f"sqlite:///{tmp_path / 'events.sqlite'}",
                           neo4j=neo4j_settings, limits=Limits(), token_secret=SECRET,
                           projector_poll_s=0.1)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        services = client.app.state.services
        seed_demo(services.domain, now=now)
        seed_demo_imports(services.domain)
        services.rebuild()
        token = auth.issue(SECRET, auth.Role.ANALYST)
        body = client.post("/graphql", json={"query": WARM, "variables": {
            "me": HUGO, "to": JONAS, "asOf": now.isoformat() if now else None}},
            headers={"Authorization": f"Bearer {token}"}).json()
    assert not body.get("errors"), body["errors"]
    best = body["data"]["warmIntroductions"]["items"][0]
    assert [p["name"] for p in best["people"]] == [
        "Hugo Silva", "Ana Ruiz", "Ines Costa", "Jonas Berg"]
    assert best["broker"]["name"] == "Ana Ruiz"


def test_goodwill_demo_seed_with_imports_as_make_run_does(
        tmp_path: Path, graph: Driver, neo4j_settings: Neo4jSettings) -> None:
    store = tmp_path / "events.sqlite"
    (tmp_path / ".env").write_text(
        f"GOODWILL_EVENT_STORE=sqlite:///{store}\nNEO4J_URI={neo4j_settings.uri}\n"
        f"NEO4J_USER={neo4j_settings.user}\nNEO4J_PASSWORD={neo4j_settings.password}\n"
        f"GOODWILL_TOKEN_SECRET={SECRET}\n")
    ours = {*Settings.variables().values(), config.ENV_FILE_VARIABLE}
    env = {**{k: v for k, v in os.environ.items() if k not in ours}, "COLUMNS": "200"}
    command = [str(Path(sys.executable).with_name("goodwill")), "demo", "seed",
               "--with-imports"]

    def seed() -> str:
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    first = seed()
    assert "Imported Connections.csv (linkedin) as Ana Ruiz: 4 people registered, 8 new " \
        "records." in first
    assert "Imported calendar.ics (ical) as Ana Ruiz: 0 people registered, 8 new " \
        "records." in first
    again = seed()
    assert "0 new events recorded" in again
    assert again.count("0 people registered, 0 new records.") == 2
