"""Many API processes, one projector, on one PostgreSQL store and one Neo4j: exactly one
`goodwill serve` projects while the other stands by; every process answers its mutations
only once the graph shows them; kill -9 the active one under load from 20 clients and the
other takes over within 5 s, with every acknowledged command in the store and the graph,
once; the same with the workers of one `serve --workers 2`. And the standalone layout:
`serve --no-projector` beside `project --follow`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
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
from projector.lease import PostgresLease
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


def assert_once_in_store_and_graph(graph: Driver, store: Goodwill,
                                   acknowledged: list[tuple[str, str]]) -> None:
    """Every acknowledged command is in the store and the graph, once; and the graph is the
    one a rebuild from the store makes (nothing applied twice)."""
    head = store.max_notification_id()
    observer = Projector(store, graph)
    assert processes.wait_until(lambda: observer.position() == head, 30, 0.1) is not None
    people = {i for kind, i in acknowledged if kind == "person"}
    meetings = [i for kind, i in acknowledged if kind == "meeting"]
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
    assert snapshot(graph).digest == before.digest


def workers_of(supervisor: int) -> set[int]:
    """The live `serve --workers` processes under the supervisor's pid (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile
        if (int(fields[1]) == supervisor and fields[0] != "Z"
                and b"resource_tracker" not in command):
            found.add(int(stat.parent.name))
    return found


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
        meetings = [i for kind, i in acknowledged if kind == "meeting"]
        assert len(meetings) >= ROUNDS * CLIENTS // 2

        assert_once_in_store_and_graph(graph, store, acknowledged)
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


def test_serve_workers_project_once_and_a_worker_killed_with_sigkill_is_taken_over(
    graph: Driver, neo4j_settings: Neo4jSettings, postgres_store_url: str, tmp_path: Path
) -> None:
    """`goodwill serve --workers 2`: one worker holds the lease; SIGKILL it under load and
    the other takes over within 5 s, uvicorn starts a new worker in its place, and
    `goodwill lag` names the new holder."""
    env = processes.environment(postgres_store_url, neo4j_settings)
    server = processes.serve(env, tmp_path / "workers.log", "--workers", "2")
    store = Goodwill.from_url(postgres_store_url)
    lease = PostgresLease(postgres_store_url, store.name)
    try:
        assert processes.wait_until(lambda: len(workers_of(server.process.pid)) == 2, 30)
        assert processes.wait_until(lambda: lease.holder() is not None, 30) is not None
        first = lease.holder()
        assert first is not None and first.pid in workers_of(server.process.pid)
        person, behind = processes.register(server.url, "Ada")
        assert behind is None and shown(graph, person)

        acknowledged: list[tuple[str, str]] = [("person", person)]
        failed: list[BaseException] = []
        stop, lock = threading.Event(), threading.Lock()

        def client(index: int) -> None:
            try:
                with httpx.Client() as http:
                    a, _ = processes.register(server.url, f"A{index}", http)
                    b, _ = processes.register(server.url, f"B{index}", http)
                    with lock:
                        acknowledged.extend([("person", a), ("person", b)])
                    while not stop.is_set():
                        try:
                            event, _ = processes.meet(server.url, a, b, http)
                        except httpx.TransportError:  # in flight on the killed worker
                            continue
                        with lock:
                            acknowledged.append(("meeting", event))
            except BaseException as error:
                failed.append(error)

        def meetings() -> int:
            with lock:
                return sum(kind == "meeting" for kind, _ in acknowledged)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS // 2)]
        for thread in threads:
            thread.start()
        def registered() -> int:
            with lock:
                return sum(kind == "person" for kind, _ in acknowledged)

        # every client past its registrations (not retried, unlike meetings), meetings flowing
        assert processes.wait_until(
            lambda: registered() == 1 + 2 * len(threads) and meetings() >= 20, 60
        ) is not None
        os.kill(first.pid, signal.SIGKILL)

        def taken_over() -> bool:
            holder = lease.holder()
            return holder is not None and holder.pid != first.pid

        took = processes.wait_until(taken_over, TAKEOVER_S + 5, 0.1)
        before = meetings()
        assert processes.wait_until(lambda: meetings() >= before + 20, 60) is not None
        stop.set()
        for thread in threads:
            thread.join(60)
        assert failed == []
        assert took is not None and took <= TAKEOVER_S, took
        second = lease.holder()
        assert second is not None and second.pid in workers_of(server.process.pid)
        replaced = processes.wait_until(lambda: len(workers_of(server.process.pid)) == 2, 30)
        assert replaced is not None and first.pid not in workers_of(server.process.pid)

        assert_once_in_store_and_graph(graph, store, acknowledged)
        lag = subprocess.run([sys.executable, "-m", "api.cli", "lag", "--json"],
                             cwd=processes.ROOT, env=env, capture_output=True, text=True,
                             timeout=60, check=True)
        reported = json.loads(lag.stdout)
        assert reported["events_behind"] == 0
        assert reported["active_projector"] == {"pid": second.pid, "address": "127.0.0.1"}
    finally:
        server.stop()
        store.close()
