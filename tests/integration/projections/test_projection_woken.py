"""On PostgreSQL the follower is woken by the store's notifications: with a poll interval of
a minute, an event another application records still reaches the graph within a second."""

from __future__ import annotations

import time

import pytest
from neo4j import Driver

from api.projector_runner import ProjectorRunner
from domain.actors import Actor
from domain.app import Goodwill
from projector.projector import Projector

pytestmark = [pytest.mark.neo4j, pytest.mark.postgres]

POLL_S = 60.0  # never reached: only a notification can wake the follower in time


def reaches(projector: Projector, position: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if projector.position() >= position:
            return True
        time.sleep(0.02)
    return False


def test_an_event_committed_elsewhere_wakes_the_follower(
    graph: Driver, postgres_store_url: str
) -> None:
    writer, reader = Goodwill.from_url(postgres_store_url), Goodwill.from_url(
        postgres_store_url)
    projector = Projector(reader, graph)
    runner = ProjectorRunner(projector, poll_s=POLL_S)
    writer.register_person(Actor.admin(), name="Ada")
    runner.start()
    try:
        assert reaches(projector, 1, 10.0)  # the first read, at start
        time.sleep(0.5)  # the follower waits for its next wake-up now
        for name in ("Bo", "Cy", "Di"):
            writer.register_person(Actor.admin(), name=name)
            assert reaches(projector, writer.max_notification_id() or 0, 1.0), name
        assert runner.active
    finally:
        runner.close()
        writer.close()
        reader.close()


def test_without_notifications_it_waits_for_the_poll(
    graph: Driver, postgres_store_url: str
) -> None:
    """The same with the wake-ups off: the event waits for the poll (the test above can fail)."""
    writer, reader = Goodwill.from_url(postgres_store_url), Goodwill.from_url(
        postgres_store_url)
    projector = Projector(reader, graph)
    runner = ProjectorRunner(projector, poll_s=POLL_S, listen=False)
    writer.register_person(Actor.admin(), name="Ada")
    runner.start()
    try:
        assert reaches(projector, 1, 10.0)
        time.sleep(0.5)
        writer.register_person(Actor.admin(), name="Bo")
        assert not reaches(projector, 2, 1.5)
    finally:
        runner.close()
        writer.close()
        reader.close()
