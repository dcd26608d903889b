"""Real `goodwill serve` and `goodwill project --follow` processes on one store and one
Neo4j, for the scale-out tests and the failover benchmark (loopback only)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from config import Neo4jSettings

ROOT = Path(__file__).resolve().parents[1]
SECRET = "secret-of-the-scale-out-processes"
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(store_url: str, neo4j: Neo4jSettings) -> dict[str, str]:
    return {**os.environ, "GOODWILL_EVENT_STORE": store_url, "NEO4J_URI": neo4j.uri,
            "NEO4J_USER": neo4j.user, "NEO4J_PASSWORD": neo4j.password,
            "GOODWILL_TOKEN_SECRET": SECRET, "PYTHONPATH": str(ROOT)}


@dataclass
class Process:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def metric(self, name: str) -> float | None:
        """A gauge of its /metrics; None when it does not answer or lacks the gauge."""
        try:
            text = httpx.get(f"{self.url}/metrics", timeout=5).text
        except httpx.HTTPError:
            return None
        for line in text.splitlines():
            if line.startswith(f"{name} "):
                return float(line.split()[1])
        return None

    @property
    def active(self) -> bool:
        return self.metric("goodwill_projector_active") == 1.0

    def kill(self) -> None:
        self.process.kill()  # SIGKILL
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(args: list[str], env: dict[str, str], log: Path, port: int) -> Process:
    """Run `goodwill <args>` until its /healthz on `port` answers."""
    with log.open("ab") as out:  # a file, not a pipe: a full pipe would stall the child
        process = subprocess.Popen([sys.executable, "-m", "api.cli", *args], cwd=ROOT,
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    started = Process(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"exited: {log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{started.url}/healthz", timeout=1).status_code == 200:
                return started
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            started.kill()
            raise RuntimeError(f"did not start: {log.read_text()[-3000:]}")
        time.sleep(0.1)


def serve(env: dict[str, str], log: Path, *extra: str) -> Process:
    port = free_port()
    return start(["serve", "--host", "127.0.0.1", "--port", str(port), "--log-level",
                  "warning", *extra], env, log, port)


def follow(env: dict[str, str], log: Path) -> Process:
    port = free_port()
    return start(["project", "--follow", "--metrics-port", str(port), "--report-every", "60"],
                 env, log, port)


_tokens: dict[str, str] = {}


def admin_token(env: dict[str, str] | None = None) -> str:
    """An admin token for these processes, from `goodwill token create` (bench measures the
    API from outside: it does not import it)."""
    if "admin" not in _tokens:
        done = subprocess.run([sys.executable, "-m", "api.cli", "token", "create", "--role",
                               "admin"], cwd=ROOT, env=env or environment("memory:",
                                                                         Neo4jSettings()),
                              capture_output=True, text=True, check=True, timeout=60)
        _tokens["admin"] = done.stdout.strip()
    return _tokens["admin"]


def post(url: str, query: str, variables: dict[str, Any], client: httpx.Client | None = None
         ) -> dict[str, Any]:
    """The response body of a GraphQL request (raises on a transport failure)."""
    send = client or httpx
    response = send.post(f"{url}/graphql", json={"query": query, "variables": variables},
                         headers={"Authorization": f"Bearer {admin_token()}"}, timeout=30)
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


REGISTER = "mutation($n: String!) { registerPerson(name: $n) { recorded { aggregateId } } }"
MEET = """mutation($a: ID!, $b: ID!) {
    recordMeeting(a: $a, b: $b, context: "scale-out") { recorded { eventId } } }"""


def register(url: str, name: str, client: httpx.Client | None = None) -> tuple[str, Any]:
    """The new person's id, and what the response says of the read model."""
    body = post(url, REGISTER, {"n": name}, client)
    assert not body.get("errors"), body
    behind = (body.get("extensions") or {}).get("readModelBehind")
    return str(body["data"]["registerPerson"]["recorded"]["aggregateId"]), behind


def meet(url: str, a: str, b: str, client: httpx.Client | None = None) -> tuple[str, Any]:
    body = post(url, MEET, {"a": a, "b": b}, client)
    assert not body.get("errors"), body
    behind = (body.get("extensions") or {}).get("readModelBehind")
    return str(body["data"]["recordMeeting"]["recorded"]["eventId"]), behind


def wait_until(predicate: Any, timeout: float, step: float = 0.05) -> float | None:
    """Seconds until `predicate()` held, or None after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(step)
    return None
