"""Analyst isolation: mutation and GraphQL read latency (p50/p95) through the API over HTTP,
idle and while analysts saturate `/cypher` with slow statements; the target is p95 under
saturation within 2× of idle.

    python -m bench.analyst_isolation [--requests 200] [--analysts 8]

Starts the API (uvicorn, a child process) on a fresh event store of its own and the graph at
NEO4J_URI, which it only adds a handful of people to; it wipes nothing (the projector adds
what the commands record). Writes bench/results/analyst_isolation.json.
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

from bench import machine
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
            ) -> dict[str, dict[str, float]]:
    a, b = people
    writes = [_timed(client, MEET, {"a": a, "b": b}, token) for _ in range(requests)]
    reads = [_timed(client, READ, {"a": a}, token) for _ in range(requests)]
    return {"mutation": percentiles(writes), "read": percentiles(reads)}


def measure(requests: int, analysts: int) -> dict[str, Any]:
    import httpx

    with tempfile.TemporaryDirectory() as folder:
        server = ApiServer(f"sqlite:///{folder}/events.sqlite")
        try:
            server.wait()
            admin, analyst = _token(server, "admin"), _token(server, "analyst")
            with httpx.Client(base_url=server.url, timeout=120) as client:
                people = tuple(client.post("/graphql", json={
                    "query": f'mutation {{ registerPerson(name: "{name}") '
                             "{ recorded { aggregateId } } }"},
                    headers={"Authorization": f"Bearer {admin}"}).json()
                    ["data"]["registerPerson"]["recorded"]["aggregateId"]
                    for name in ("Bench Ada", "Bench Bob"))
                _series(client, max(5, requests // 10), people, admin)  # warm up
                idle = _series(client, requests, people, admin)
                stop = threading.Event()
                answers: list[int] = []

                def saturate() -> None:
                    with httpx.Client(base_url=server.url, timeout=120) as own:
                        while not stop.is_set():
                            answers.append(own.post(
                                "/cypher", json={"query": SLOW},
                                headers={"Authorization": f"Bearer {analyst}"}).status_code)

                threads = [threading.Thread(target=saturate) for _ in range(analysts)]
                for thread in threads:
                    thread.start()
                time.sleep(1.0)
                busy = _series(client, requests, people, admin)
                stop.set()
                for thread in threads:
                    thread.join(120)
        finally:
            server.stop()
    ratio = {kind: round(busy[kind]["p95_ms"] / idle[kind]["p95_ms"], 2) for kind in idle}
    return {"idle": idle, "analysts_saturating": busy, "p95_ratio": ratio,
            "analyst_answers": {str(code): answers.count(code) for code in set(answers)},
            "target_p95_within_2x": all(value <= 2.0 for value in ratio.values())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.analyst_isolation",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--analysts", type=int, default=8)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results = measure(args.requests, args.analysts)
    report = {"benchmark": "analyst_isolation", "date": datetime.now(tz=UTC).isoformat(),
              "machine": machine.facts(),
              "settings": {"requests": args.requests, "analysts": args.analysts,
                           "statement": SLOW},
              "results": results}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
