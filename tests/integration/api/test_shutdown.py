"""Stopping the API while a catch-up still runs: a mutation that stopped waiting for the read
model leaves its catch-up running in a worker thread. Closing the event store under that
thread's read failed it ("Cannot operate on a closed database") or crashed the whole
process in the SQLite driver."""

from __future__ import annotations

import asyncio
import threading

import pytest
from neo4j import Driver

from api.services import Services
from api.settings import ApiSettings
from domain.actors import Actor

pytestmark = pytest.mark.neo4j


def person_count(graph: Driver) -> int:
    with graph.session() as session:
        record = session.run("MATCH (p:Person) RETURN count(p) AS n").single()
    return int(record["n"]) if record is not None else 0


def test_closing_mid_catch_up_stops_it_between_batches(
        graph: Driver, api_settings: ApiSettings) -> None:
    services = Services.open(api_settings, api_settings.token_secret)
    assert services.runner is not None  # not started: only the catch-up below projects
    for n in range(300):
        services.domain.register_person(Actor.admin(), name=f"Person {n}")
    projector = services.runner.projector
    projector.batch_size = 5
    head = projector.head()
    failures: list[BaseException] = []
    applied: list[int] = []

    def catch_up() -> None:
        try:
            applied.append(services.runner.catch_up())  # type: ignore[union-attr]
        except BaseException as error:
            failures.append(error)

    worker = threading.Thread(target=catch_up)
    worker.start()
    while projector.position() < 20:  # it is projecting
        assert worker.is_alive(), failures
    asyncio.run(services.close())
    worker.join(30)

    assert not worker.is_alive()
    assert failures == []
    assert 20 <= applied[0] < head  # it stopped early, between two batches
    assert person_count(graph) == applied[0]  # no batch half applied
    assert projector.run_once() == 0  # and none starts after the close


def test_a_closed_projector_projects_nothing(graph: Driver, api_settings: ApiSettings) -> None:
    services = Services.open(api_settings, api_settings.token_secret)
    assert services.runner is not None
    services.domain.register_person(Actor.admin(), name="Ada")
    asyncio.run(services.close())
    assert services.runner.catch_up() == 0
    assert person_count(graph) == 0
