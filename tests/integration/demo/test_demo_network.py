"""The demo network tells its story in the graph, and seeding twice records nothing new."""

from pathlib import Path

import pytest
from neo4j import Driver

import cypher
from api.demo import PEOPLE, demo_person_id, seed_demo
from domain.app import Goodwill
from projector.projector import Projector

pytestmark = pytest.mark.neo4j


@pytest.fixture
def app(tmp_path: Path) -> Goodwill:
    return Goodwill.from_url(f"sqlite:///{tmp_path / 'events.db'}")


def test_seed_twice_records_once_and_projects_the_story(app: Goodwill, graph: Driver) -> None:
    seed_demo(app)
    head = app.recorder.max_notification_id()
    seed_demo(app)
    assert app.recorder.max_notification_id() == head  # idempotency keys: nothing new

    Projector(app, graph).catch_up()
    records, _, _ = graph.execute_query(
        cypher.load("queries/people_by_ids"), ids=[str(p.id) for p in PEOPLE]
    )
    people = [record["row"] for record in records]
    assert {r["id"] for r in people} == {str(p.id) for p in PEOPLE}

    balance = {r["id"]: (r["given"], r["received"]) for r in people}
    farid = str(demo_person_id("farid"))
    assert balance[farid] == (0, 3)  # the taker: received three helps, gave none
    ana = str(demo_person_id("ana"))
    assert balance[ana][0] >= 3 and balance[ana][1] >= 2
