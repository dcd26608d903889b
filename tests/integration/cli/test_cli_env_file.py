"""Each `goodwill` command, run as the installed executable in a directory whose `.env` holds
the settings (and with none of them in its environment), honours them: the event store,
the graph and the token secret it uses are the ones that `.env` names. GOODWILL_ENV_FILE
points elsewhere, the
environment wins over the file, a flag over both, and a bad value is a message."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from neo4j import Driver

import config
from api import auth
from api.demo import PEOPLE
from config import Neo4jSettings, Settings
from domain.app import Goodwill
from projector.projector import Projector

SECRET = "a-token-secret-that-lives-in-dot-env"
SETTINGS = {*Settings.variables().values(), config.ENV_FILE_VARIABLE}
HISTORY = "\n".join(json.dumps(line) for line in (
    {"command": "register_person", "args": {"person_id": "@ana", "name": "Ana Silva"},
     "at": "2024-03-01"},
    {"command": "register_person", "args": {"person_id": "@ben", "name": "Ben Okafor"},
     "at": "2024-03-01"},
    {"command": "record_meeting", "actor": "@ana",
     "args": {"a": "@ana", "b": "@ben", "context": "coffee"}, "at": "2024-03-04T10:00:00Z"},
)) + "\n"


def executable() -> str:
    beside = Path(sys.executable).with_name("goodwill")
    found = str(beside) if beside.exists() else shutil.which("goodwill")
    assert found, "the goodwill executable is not installed (pip install -e .)"
    return found


def environment(**extra: str) -> dict[str, str]:
    """This process's environment without any Goodwill setting."""
    kept = {name: value for name, value in os.environ.items() if name not in SETTINGS}
    return {**kept, "COLUMNS": "200", **extra}


def goodwill(cwd: Path, *args: str, env: dict[str, str] | None = None,
             expect: int = 0) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([executable(), *args], cwd=cwd, env=env or environment(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == expect, f"{args}: {result.stdout}\n{result.stderr}"
    return result


def write_env(path: Path, **values: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{name}={value}\n" for name, value in values.items()))
    return path


def events_in(database: Path) -> int:
    """Events in a SQLite event store, read by a store of its own; 0 when there is none."""
    if not database.exists():
        return 0
    app = Goodwill.from_url(f"sqlite:///{database}")
    try:
        return app.max_notification_id()
    finally:
        app.close()


def graph_position(database: Path, driver: Driver) -> int:
    """How far the test's Neo4j has projected that store (read with the test's driver)."""
    app = Goodwill.from_url(f"sqlite:///{database}")
    try:
        return Projector(app, driver).position()
    finally:
        app.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def work(tmp_path: Path, neo4j_settings: Neo4jSettings) -> Path:
    """A working directory whose `.env` holds every setting the commands need."""
    folder = tmp_path / "work"
    write_env(folder / ".env", GOODWILL_EVENT_STORE="sqlite:///store/events.sqlite",
              NEO4J_URI=neo4j_settings.uri, NEO4J_USER=neo4j_settings.user,
              NEO4J_PASSWORD=neo4j_settings.password, GOODWILL_TOKEN_SECRET=SECRET)
    (folder / "history.jsonl").write_text(HISTORY)
    return folder


def serve_and_check(work: Path, head: int) -> None:
    """`goodwill serve` answers /readyz on the store and graph of `.env`, and accepts a token
    signed with its secret."""
    port = free_port()
    log = (work / "serve.log").open("wb")
    process = subprocess.Popen([executable(), "serve", "--port", str(port)], cwd=work,
                               env=environment(), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (work / "serve.log").read_text()
            try:
                ready = httpx.get(f"{url}/readyz", timeout=5)
                if ready.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, (work / "serve.log").read_text()
            time.sleep(0.2)
        checks = ready.json()["checks"]
        assert checks["event_store"] == {"ok": True, "position": head}
        assert checks["neo4j"]["ok"] and checks["projection"]["lag"] == 0
        token = auth.issue(SECRET, auth.Role.ANALYST)
        answered = httpx.post(f"{url}/cypher", json={"query": "RETURN 1 AS one"},
                             headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert answered.status_code == 200, answered.text
        forged = auth.issue("another-secret", auth.Role.ANALYST)
        refused = httpx.post(f"{url}/cypher", json={"query": "RETURN 1 AS one"},
                             headers={"Authorization": f"Bearer {forged}"}, timeout=30)
        assert refused.status_code == 401
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.mark.neo4j
def test_every_command_reads_its_settings_from_dot_env(work: Path, graph: Driver) -> None:
    store = work / "store" / "events.sqlite"  # relative in .env: under the working directory

    imported = goodwill(work, "import", "history.jsonl")
    assert re.search(r"3 lines, [1-9]\d* new events", imported.stdout), imported.stdout
    first = events_in(store)
    assert first > 0

    goodwill(work, "generate", "--people", "10", "--no-project", "--seed", "5")
    head = events_in(store)
    assert head > first

    lag = json.loads(goodwill(work, "lag", "--json").stdout)
    assert (lag["position"], lag["head"], lag["events_behind"]) == (0, head, head)

    projected = goodwill(work, "project")
    assert f"Applied {head} events" in projected.stdout
    assert graph_position(store, graph) == head  # into the test's Neo4j

    seeded = goodwill(work, "demo", "seed")
    assert "Demo network ready" in seeded.stdout
    demo_head = events_in(store)
    assert demo_head > head and graph_position(store, graph) == demo_head
    printed = re.findall(r"Bearer (gw1\.[\w.-]+)", seeded.stdout)
    assert printed and all(auth.verify(SECRET, token) for token in printed)

    lag = json.loads(goodwill(work, "lag", "--json").stdout)
    assert lag == {"position": demo_head, "head": demo_head, "events_behind": 0,
                   "seconds_behind": 0.0}

    rebuilt = goodwill(work, "rebuild", "--yes")
    assert f"Rebuilt from {demo_head} events" in rebuilt.stdout
    assert graph_position(store, graph) == demo_head

    counted = goodwill(work, "cypher", "--json", "MATCH (p:Person) RETURN count(p) AS people, "
                       "count(CASE WHEN NOT coalesce(p.forgotten, false) THEN 1 END) AS kept")
    [[people, kept]] = json.loads(counted.stdout)["rows"]
    assert people == 2 + 10 + len(PEOPLE)
    assert f"Scored {kept} people" in goodwill(work, "analyse").stdout

    token = goodwill(work, "token", "create", "--role", "analyst").stdout.strip()
    assert auth.verify(SECRET, token).role is auth.Role.ANALYST

    serve_and_check(work, demo_head)
    assert not (work / "var").exists()  # the default store was never opened


def test_goodwill_env_file_names_the_file(tmp_path: Path) -> None:
    work = tmp_path / "work"
    write_env(work / ".env", GOODWILL_EVENT_STORE="sqlite:///decoy.sqlite")
    (work / "history.jsonl").write_text(HISTORY)
    elsewhere = tmp_path / "conf" / "goodwill.env"
    store = tmp_path / "stores" / "events.sqlite"
    write_env(elsewhere, GOODWILL_EVENT_STORE=f"sqlite:///{store}")
    env = environment(GOODWILL_ENV_FILE=str(elsewhere))

    goodwill(work, "import", "history.jsonl", env=env)
    assert events_in(store) > 0
    assert not (work / "decoy.sqlite").exists()

    # No secret anywhere: one is generated into that file, and tokens verify with it.
    token = goodwill(work, "token", "create", "--role", "admin", env=env).stdout.strip()
    generated = config.load(elsewhere).token_secret
    assert generated and auth.verify(generated, token).role is auth.Role.ADMIN
    assert "GOODWILL_TOKEN_SECRET" not in (work / ".env").read_text()
    again = goodwill(work, "token", "create", "--role", "admin", env=env).stdout.strip()
    assert auth.verify(generated, again).role is auth.Role.ADMIN  # the same secret


def test_the_environment_wins_over_dot_env_and_a_flag_over_both(tmp_path: Path) -> None:
    work = tmp_path / "work"
    write_env(work / ".env", GOODWILL_EVENT_STORE="sqlite:///from-file.sqlite",
              GOODWILL_TOKEN_SECRET="from-file")
    (work / "history.jsonl").write_text(HISTORY)
    env = environment(GOODWILL_EVENT_STORE="sqlite:///from-env.sqlite",
                      GOODWILL_TOKEN_SECRET="from-env")

    goodwill(work, "import", "history.jsonl", env=env)
    imported = events_in(work / "from-env.sqlite")
    assert imported > 0 and not (work / "from-file.sqlite").exists()
    goodwill(work, "import", "history.jsonl", "--store", "sqlite:///from-flag.sqlite", env=env)
    assert events_in(work / "from-flag.sqlite") == imported
    assert not (work / "from-file.sqlite").exists()

    token = goodwill(work, "token", "create", "--role", "analyst", env=env).stdout.strip()
    assert auth.verify("from-env", token).role is auth.Role.ANALYST


@pytest.mark.parametrize(("line", "args", "named"), [
    ("NEO4J_BOLT_PORT=abc", ["lag"], "NEO4J_BOLT_PORT='abc'"),
    ("NEO4J_URI=http://localhost:7474", ["cypher", "RETURN 1"], "NEO4J_URI='http://"),
    ("GOODWILL_EVENT_STORE=mysql://db/x", ["import", "history.jsonl"],
     "GOODWILL_EVENT_STORE must start with"),
])
def test_a_bad_setting_is_a_message_not_a_traceback(tmp_path: Path, line: str,
                                                    args: list[str], named: str) -> None:
    (tmp_path / ".env").write_text(line + "\n")
    (tmp_path / "history.jsonl").write_text(HISTORY)
    result = goodwill(tmp_path, *args, expect=2)
    assert named in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
