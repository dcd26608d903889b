"""Rebuild = incremental: the graph built by following the log in any batch sizes, while
events keep arriving, has the same canonical hash as a wipe-and-replay in one go."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver

from bench.projection_workload import Workload
from domain.app import Goodwill
from projector.canonical import graph_hash, snapshot
from projector.projector import Projector

steps = st.lists(
    st.tuples(st.integers(0, 999), st.integers(0, 1 << 20), st.integers(0, 1 << 20),
              st.integers(0, 1 << 20)),
    min_size=5, max_size=120,
)

pytestmark = pytest.mark.neo4j


def follow_in_chunks(app: Goodwill, projector: Projector, workload: Workload,
                     plan: list[tuple[int, int, int, int]], batch_sizes: list[int]) -> None:
    """Append events in chunks and project part of them between chunks."""
    for i, step in enumerate(plan):
        workload.step(*step)
        if i % 7 == 3:
            projector.run_once(batch_sizes[i % len(batch_sizes)])
    while projector.run_once(batch_sizes[0]):
        pass


def test_seeded_log_rebuilds_to_the_same_graph(app: Goodwill, projector: Projector,
                                               graph: Driver) -> None:
    workload = Workload(app)
    rng_steps = [(i * 7919 % 1000, i * 104729, i * 1299709, i * 15485863) for i in range(700)]
    follow_in_chunks(app, projector, workload, rng_steps, [1, 13, 250])
    assert projector.lag().events_behind == 0
    incremental = snapshot(graph)
    assert len(incremental.nodes) > 20 and len(incremental.relationships) > 100
    replayed = projector.rebuild(batch_size=5000)
    assert replayed == app.max_notification_id()
    rebuilt = snapshot(graph)
    assert set(incremental.nodes) ^ set(rebuilt.nodes) == set()
    assert set(incremental.relationships) ^ set(rebuilt.relationships) == set()
    assert incremental.digest == rebuilt.digest


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=steps, batch_sizes=st.lists(st.integers(1, 60), min_size=1, max_size=4))
def test_random_logs_rebuild_to_the_same_graph(graph: Driver, tmp_path: Path,
                                               plan: list[tuple[int, int, int, int]],
                                               batch_sizes: list[int]) -> None:
    app = Goodwill.from_url("memory:")
    projector = Projector(app, graph)
    projector.wipe()
    follow_in_chunks(app, projector, Workload(app), plan, batch_sizes)
    incremental = graph_hash(graph)
    projector.rebuild(batch_size=10_000)
    assert graph_hash(graph) == incremental


def test_two_projectors_at_once_apply_each_event_once(app: Goodwill, graph: Driver) -> None:
    """The API's background projector and a CLI one may run together: the position lock
    makes one of them skip every batch the other applied."""
    Workload(app).random(600, seed=11)
    first, second = Projector(app, graph), Projector(app, graph)
    errors: list[BaseException] = []

    def drain(projector: Projector, size: int) -> None:
        try:
            while projector.run_once(size):
                pass
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=drain, args=(p, s)) for p, s in
               ((first, 17), (second, 29))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    while first.run_once(50) or second.run_once(50):
        pass
    together = graph_hash(graph)
    first.rebuild()
    assert graph_hash(graph) == together
