"""The projector tells its listeners (the API's live subscriptions) of each batch after it
commits: the events the graph shows and the new position; a rebuild's replay moves the
position but repeats no old news; a failing listener does not fail the batch."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from domain.actors import Actor
from domain.app import Goodwill
from projector.projector import Projector

pytestmark = pytest.mark.neo4j


def test_listeners_hear_each_batch_once_and_no_replayed_history(
        app: Goodwill, projector: Projector, graph: Driver) -> None:
    heard: list[tuple[list[str], int]] = []

    def failing(events: Any, position: int) -> None:
        raise RuntimeError("a listener's own fault")

    projector.listeners += [failing,
                            lambda events, position: heard.append(
                                ([type(e).__name__ for e in events], position))]
    admin = Actor.admin()
    ada = app.register_person(admin, name="Ada").aggregate_id
    bo = app.register_person(admin, name="Bo").aggregate_id
    app.record_meeting(admin, a=ada, b=bo)
    projector.catch_up()
    assert len(heard) == 1 and heard[0][1] == projector.position()
    assert heard[0][0].count("PersonRegistered") == 2 and "Met" in heard[0][0]
    with graph.session() as session:  # the batch committed despite the failing listener
        assert session.run("MATCH (p:Person) RETURN count(p) AS n").single()["n"] == 2

    heard.clear()
    projector.rebuild()
    assert heard and all(events == [] for events, _ in heard)
    assert heard[-1][1] == projector.position()
