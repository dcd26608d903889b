"""Crash anywhere, lose nothing, apply nothing twice: the standalone projector
(`goodwill project --follow`) is killed with SIGKILL at random instants while events stream
in, and restarted each time. The graph it ends with equals a clean rebuild. On SQLite and on
PostgreSQL (where each restart also takes the projector lease the killed one held).
The suite kills it a few times on each store; `make fuzz` (marker `fuzz`) many more times,
GOODWILL_FUZZ_KILLS (40)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from neo4j import Driver

from bench.projection_workload import Workload
from config import Neo4jSettings
from domain.app import Goodwill
from projector.canonical import snapshot
from projector.projector import Projector

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[3]
KILLS = 5  # in the normal suite, on each store


def start_projector(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:  # a file, not a pipe: a full pipe would stall the child
        return subprocess.Popen(
            [sys.executable, "-m", "api.cli", "project", "--follow", "--batch-size", "40",
             "--poll-interval", "0.05"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )


@pytest.mark.slow
def test_kill_nine_at_random_points_then_equal_to_rebuild(
    graph: Driver, neo4j_settings: Neo4jSettings, tmp_path: Path, store_url: str
) -> None:
    crash_loop(graph, neo4j_settings, tmp_path, store_url, KILLS)


@pytest.mark.fuzz
def test_kill_nine_many_times_then_equal_to_rebuild(
    graph: Driver, neo4j_settings: Neo4jSettings, tmp_path: Path, store_url: str
) -> None:
    crash_loop(graph, neo4j_settings, tmp_path, store_url,
               int(os.environ.get("GOODWILL_FUZZ_KILLS", "40")))


def crash_loop(graph: Driver, neo4j_settings: Neo4jSettings, tmp_path: Path, url: str,
               kills: int) -> None:
    env = {**os.environ, "GOODWILL_EVENT_STORE": url, "NEO4J_URI": neo4j_settings.uri,
           "NEO4J_USER": neo4j_settings.user, "NEO4J_PASSWORD": neo4j_settings.password,
           "PYTHONPATH": str(ROOT)}
    writer_app = Goodwill.from_url(url)
    reader_app = Goodwill.from_url(url)
    projector = Projector(reader_app, graph)
    workload = Workload(writer_app)
    workload.random(50, seed=1)  # people to act on from the start
    done = threading.Event()

    def write() -> None:
        rng = random.Random(5)
        while not done.is_set():
            workload.step(rng.randrange(1000), rng.randrange(1 << 30), rng.randrange(1 << 30),
                          rng.randrange(1 << 30))
            time.sleep(0.002)

    writer = threading.Thread(target=write)
    writer.start()
    rng = random.Random(2024)
    positions: list[int] = []
    try:
        for _ in range(kills):
            before = projector.position()
            process = start_projector(env, tmp_path / 'projector.log')
            # Kill it at a random instant once it has started projecting: how long the CLI
            # takes to start depends on how busy the machine is.
            deadline = time.monotonic() + 60
            while (projector.position() == before and process.poll() is None
                   and time.monotonic() < deadline):
                time.sleep(0.02)
            time.sleep(rng.uniform(0.0, 1.5))
            assert process.poll() is None, (tmp_path / "projector.log").read_text()[-2000:]
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            positions.append(projector.position())
    finally:
        done.set()
        writer.join()
    # Killed mid-run each time, yet it kept moving forward.
    assert positions == sorted(set(positions)) and positions[0] > 0
    head = reader_app.max_notification_id()
    assert head >= positions[-1]

    # The last restart catches up by itself.
    finisher = start_projector(env, tmp_path / 'projector.log')
    deadline = time.monotonic() + 120
    while projector.position() < head and time.monotonic() < deadline:
        time.sleep(0.1)
    finisher.send_signal(signal.SIGTERM)
    assert finisher.wait(timeout=20) == 0
    assert projector.position() == head
    followed = snapshot(graph)

    assert projector.rebuild() == head
    rebuilt = snapshot(graph)
    assert sorted(set(followed.relationships) ^ set(rebuilt.relationships)) == []
    assert followed.digest == rebuilt.digest
    writer_app.close()
    reader_app.close()
