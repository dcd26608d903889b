"""Analyst isolation: mutation and GraphQL read latency (p50/p95) through the API over HTTP,
idle and while analysts saturate `/cypher` with slow statements; the target is p95 under
saturation within 2× of idle. Idle and saturated phases alternate (`--rounds`), so the
machine's other load weighs on both alike.

    python -m bench.analyst_isolation [--requests 200] [--analysts 8] [--rounds 4]

Starts the API (uvicorn, a child process) on a fresh event store of its own and the graph at
NEO4J_URI, which must be empty or the benchmarks' own (`bench.graph_guard`; `--wipe-graph`
to use another anyway): the projector adds what the commands record. Writes
bench/results/analyst_isolation.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import graph_guard, machine
from bench.warm import ROOT, ApiServer, percentiles

RESULTS = Path(__file__).resolve().parent / "results" / "analyst_isolation.json"
# Seconds of CPU on the server each, and not stopped at once by its timeout.
SLOW = ('RETURN size(reduce(s = "", x IN range(1, 60000) | s + "xxxxxxxxxxxxxxxxxxxx")) '
        "AS n")
MEET = """mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b) {
    recorded { eventId } relationship { interactions } } }"""
READ = """query($a: ID!) { person(id: $a) { name } people(first: 20) { items { name } } }"""


def _token(server: ApiServer, role: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "token", "create", "--role", role],
        cwd=ROOT, env=server.env, capture_output=True, text=True, check=True, timeout=60)
    return done.stdout.strip()


def _timed(client: Any, query: str, variables: dict[str, Any], token: str) -> float:
    started = time.perf_counter()
    body = client.post("/graphql", json={"query": query, "variables": variables},
                       headers={"Authorization": f"Bearer {token}"}).json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return time.perf_counter() - started  # seconds; `percentiles` answers in ms


def _series(client: Any, requests: int, people: tuple[str, str], token: str
            ) -> dict[str, list[float]]:
    """`requests` mutations and as many reads, alternating, in seconds each."""
    a, b = people
    writes, reads = [], []
    for _ in range(requests):
        writes.append(_timed(client, MEET, {"a": a, "b": b}, token))
        reads.append(_timed(client, READ, {"a": a}, token))
    return {"mutation": writes, "read": reads}


class Analysts:
    """`count` analysts sending the slow statement back to back until stopped."""

    def __init__(self, url: str, token: str, count: int) -> None:
        self._url, self._token, self._count = url, token, count
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.answers: list[int] = []

    def _send(self) -> None:
        import httpx

        with httpx.Client(base_url=self._url, timeout=120) as own:
            while not self._stop.is_set():
                self.answers.append(own.post(
                    "/cypher", json={"query": SLOW},
                    headers={"Authorization": f"Bearer {self._token}"}).status_code)

    def start(self) -> None:
        self._stop.clear()
        self._threads = [threading.Thread(target=self._send) for _ in range(self._count)]
        for thread in self._threads:
            thread.start()
        time.sleep(SATURATE_S)  # every slot taken, the others queued

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(120)
        time.sleep(SETTLE_S)  # Neo4j stops the last statement after its caller has gone


SATURATE_S = 1.0
SETTLE_S = 2.0


def measure(requests: int, analysts: int, rounds: int = 4) -> dict[str, Any]:
    """Idle and saturated phases interleaved (`rounds` of each, the order alternating), so
    the machine's other load falls on both alike; `requests` of each kind per state."""
    import httpx

    per_round = max(1, requests // rounds)
    samples: dict[str, dict[str, list[float]]] = {
        state: {"mutation": [], "read": []} for state in ("idle", "analysts_saturating")}
    with tempfile.TemporaryDirectory() as folder:
        server = ApiServer(f"sqlite:///{folder}/events.sqlite")
        try:
            server.wait()
            admin, analyst = _token(server, "admin"), _token(server, "analyst")
            saturating = Analysts(server.url, analyst, analysts)
            with httpx.Client(base_url=server.url, timeout=120) as client:
                people = tuple(client.post("/graphql", json={
                    "query": f'mutation {{ registerPerson(name: "{name}") '
                             "{ recorded { aggregateId } } }"},
                    headers={"Authorization": f"Bearer {admin}"}).json()
                    ["data"]["registerPerson"]["recorded"]["aggregateId"]
                    for name in ("Bench Ada", "Bench Bob"))
                _series(client, max(5, per_round // 2), people, admin)  # warm up
                for round_ in range(rounds):
                    order = ("idle", "analysts_saturating")
                    for state in order if round_ % 2 == 0 else order[::-1]:
                        if state != "idle":
                            saturating.start()
                        for kind, taken in _series(client, per_round, people,
                                                   admin).items():
                            samples[state][kind].extend(taken)
                        if state != "idle":
                            saturating.stop()
        finally:
            server.stop()
    idle = {kind: percentiles(taken) for kind, taken in samples["idle"].items()}
    busy = {kind: percentiles(taken)
            for kind, taken in samples["analysts_saturating"].items()}
    ratio = {kind: round(busy[kind]["p95_ms"] / idle[kind]["p95_ms"], 2) for kind in idle}
    median_ratio = {kind: round(busy[kind]["p50_ms"] / idle[kind]["p50_ms"], 2)
                    for kind in idle}
    answers = saturating.answers
    return {"idle": idle, "analysts_saturating": busy, "p95_ratio": ratio,
            "p50_ratio": median_ratio, "rounds": rounds,
            "analyst_answers": {str(code): answers.count(code) for code in set(answers)},
            "target_p95_within_2x": all(value <= 2.0 for value in ratio.values())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.analyst_isolation",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--analysts", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=4,
                        help="idle and saturated phases, interleaved")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--wipe-graph", action="store_true",
                        help="write into the graph at NEO4J_URI even if it is not ours")
    args = parser.parse_args(argv)
    driver = graph_guard.claimed(args.wipe_graph)
    if driver is None:
        return 2
    driver.close()
    results = measure(args.requests, args.analysts, args.rounds)
    report = {"benchmark": "analyst_isolation", "date": datetime.now(tz=UTC).isoformat(),
              "machine": machine.facts(),
              "settings": {"requests": args.requests, "analysts": args.analysts,
                           "rounds": args.rounds,
                           "statement": SLOW},
              "results": results}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
