"""Many API processes, one projector, on one PostgreSQL store and one Neo4j: exactly one
`goodwill serve` projects while the other stands by; every process answers its mutations
only once the graph shows them; kill -9 the active one under load from 20 clients and the
other takes over within 5 s, with every acknowledged command in the store and the graph,
once. And the standalone layout: `serve --no-projector` beside `project --follow`."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import Driver

from bench import processes
from config import Neo4jSettings
from domain.app import Goodwill
from projector.canonical import read_graph, snapshot
from projector.projector import Projector

pytestmark = [pytest.mark.neo4j, pytest.mark.postgres]

TAKEOVER_S = 5.0
CLIENTS = 20
ROUNDS = 6  # mutations per client after its two registrations


def shown(graph: Driver, person: str) -> bool:
    return any(node.key == person for node in read_graph(graph).nodes)


def wait_for_one_active(procs: list[processes.Process]) -> list[bool]:
    states: list[bool] = []

    def one() -> bool:
        states[:] = [p.active for p in procs]
        return sum(states) == 1

    assert processes.wait_until(one, 30, 0.2) is not None, states
    return states


def test_one_projects_the_other_stands_by_and_takes_over_after_kill_nine(
    graph: Driver, neo4j_settings: Neo4jSettings, postgres_store_url: str, tmp_path: Path
) -> None:
    env = processes.environment(postgres_store_url, neo4j_settings)
    procs = [processes.serve(env, tmp_path / f"serve-{i}.log") for i in range(2)]
    store = Goodwill.from_url(postgres_store_url)
    try:
        states = wait_for_one_active(procs)
        active, standby = (procs[0], procs[1]) if states[0] else (procs[1], procs[0])

        # Read-your-writes on both, the standby's by watching the graph's position.
        for proc in (standby, active):
            person, behind = processes.register(proc.url, "Ada")
            assert behind is None
            assert shown(graph, person)

        acknowledged: list[tuple[str, str]] = []  # (kind, id) the servers answered
        failed: list[BaseException] = []
        half = threading.Barrier(CLIENTS + 1)
        lock = threading.Lock()

        def client(index: int) -> None:
            url = (active, standby)[index % 2].url
            try:
                with httpx.Client() as http:
                    a, _ = processes.register(url, f"A{index}", http)
                    b, _ = processes.register(url, f"B{index}", http)
                    with lock:
                        acknowledged.extend([("person", a), ("person", b)])
                    half.wait(60)
                    for _ in range(ROUNDS):
                        event, _ = processes.meet(url, a, b, http)
                        with lock:
                            acknowledged.append(("meeting", event))
            except httpx.TransportError as error:  # the killed process's clients
                if url != active.url:
                    failed.append(error)
            except BaseException as error:
                failed.append(error)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        half.wait(60)
        active.kill()
        took = processes.wait_until(lambda: standby.active, TAKEOVER_S + 5, 0.1)
        for thread in threads:
            thread.join(120)
        assert failed == []
        assert took is not None and took <= TAKEOVER_S, took

        # Every acknowledged command is in the store and the graph, once.
        head = store.max_notification_id()
        observer = Projector(store, graph)
        assert processes.wait_until(lambda: observer.position() == head, 30, 0.1) is not None
        people = {i for kind, i in acknowledged if kind == "person"}
        meetings = [i for kind, i in acknowledged if kind == "meeting"]
        assert len(people) == 2 * CLIENTS and len(meetings) >= ROUNDS * CLIENTS // 2
        followed = read_graph(graph)
        keys = [node.key for node in followed.nodes]
        assert people <= set(keys) and len(keys) == len(set(keys))
        assert {str(store.get_person(p).id) for p in people} == people
        met = [r for r in followed.rels("MET") if r.props.get("context") == "scale-out"]
        event_ids = [r.props.get("event_id") for r in met]
        assert sorted(event_ids) == sorted(set(event_ids))
        assert set(meetings) <= set(event_ids)
        before = snapshot(graph)
        observer.rebuild()
        assert snapshot(graph).digest == before.digest  # nothing applied twice
    finally:
        for proc in procs:
            proc.stop()
        store.close()


def test_api_without_projector_beside_a_standalone_follower(
    graph: Driver, neo4j_settings: Neo4jSettings, postgres_store_url: str, tmp_path: Path
) -> None:
    env = processes.environment(postgres_store_url, neo4j_settings)
    api = processes.serve(env, tmp_path / "serve.log", "--no-projector")
    follower: processes.Process | None = None
    try:
        assert api.metric("goodwill_projector_active") == 0.0
        follower = processes.follow(env, tmp_path / "follow.log")
        assert processes.wait_until(lambda: follower is not None and follower.active, 30)
        person, behind = processes.register(api.url, "Ada")
        assert behind is None and shown(graph, person)
        gauges: dict[str, Any] = {name: follower.metric(name) for name in (
            "goodwill_projection_events_behind", "goodwill_projection_position",
            "goodwill_event_store_position")}
        assert gauges["goodwill_projection_events_behind"] == 0.0
        assert gauges["goodwill_projection_position"] == gauges["goodwill_event_store_position"]
        assert api.metric("goodwill_projection_events_behind") == 0.0

        follower.kill()  # nobody projects: the mutation says the graph is behind, in time
        _, behind = processes.register(api.url, "Bob")
        assert behind is not None and behind["code"] == "CATCH_UP_TIMEOUT"
    finally:
        for proc in (api, follower):
            if proc is not None:
                proc.stop()
