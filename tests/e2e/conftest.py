"""The real app under uvicorn (`goodwill serve`) on a free port, over a fresh event store and
the real Neo4j; tests talk HTTP to it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Generator, Iterator
from pathlib import Path

import httpx
import pytest
from httpserver import SECRET, Server
from neo4j import Driver

import cypher
from config import Neo4jSettings

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(neo4j_settings: Neo4jSettings, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GOODWILL_EVENT_STORE": f"sqlite:///{folder / 'events.sqlite'}",
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USER": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password,
        "GOODWILL_TOKEN_SECRET": SECRET,
    }


@contextlib.contextmanager
def launched(env: dict[str, str], folder: Path) -> Iterator[Server]:
    """`goodwill serve` on a free port until the block ends."""
    port = free_port()
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            pytest.fail(f"server exited: {(folder / 'server.log').read_text()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"server did not start: {(folder / 'server.log').read_text()}")
        time.sleep(0.1)
    try:
        yield Server(url, process, env, folder / "server.log")
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed test's report shows what the server printed (a browser test's also shows
    what each open page showed and logged): a failure in CI can be read, not guessed."""
    report = yield
    if report.failed and call.when == "call":
        arguments = getattr(item, "funcargs", {})
        for name, value in arguments.items():
            if isinstance(value, Server):
                report.sections.append((f"{name}: the server's log, last part",
                                        value.log_tail()))
            describe = getattr(value, "describe", None)
            if callable(describe):
                report.sections.append((f"{name}: the open pages", describe()))
    return report


@pytest.fixture
def server(graph: Driver, neo4j_settings: Neo4jSettings, tmp_path: Path) -> Iterator[Server]:
    with launched(_environment(neo4j_settings, tmp_path), tmp_path) as running:
        yield running


@pytest.fixture(scope="module")
def demo_server(neo4j_driver: Driver, neo4j_settings: Neo4jSettings,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server per module on the demo network (`goodwill demo seed`), over a wiped
    graph: the module's tests share it and its story, in order."""
    folder = tmp_path_factory.mktemp("demo")
    with neo4j_driver.session() as session:
        session.run(cypher.load("admin/wipe_relationships")).consume()
        session.run(cypher.load("admin/wipe_graph")).consume()
        session.run(cypher.load("admin/wipe_rebuild_marker")).consume()
    env = _environment(neo4j_settings, folder)
    seeded = subprocess.run([sys.executable, "-m", "api.cli", "demo", "seed"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    with launched(env, folder) as running:
        yield running
