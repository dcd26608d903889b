"""Warm introductions (top 5 within 3 hops): latency through GraphQL over HTTP (uvicorn, one
client) and through the same Cypher and ranking over raw Bolt (`reads.paths`), in
the same run on the same (source, target) pairs, interleaved so both see the same caches.
The API server is a child process, so its resident memory can be read from /proc; the
token comes from `goodwill token create` in a child process too (the benchmark imports
nothing of `api/`). One analyst token asks `from` each source (a person may ask only from
themself).
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import config
from bench import machine

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def graphql(name: str) -> str:
    return (HERE / "graphql" / f"{name}.graphql").read_text(encoding="utf-8")


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    if not samples:
        return {}
    ordered = sorted(samples)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)

    return {"n": len(ordered), "p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99),
            "mean_ms": round(sum(ordered) / len(ordered) * 1000, 2),
            "max_ms": round(ordered[-1] * 1000, 2)}


def pick_queries(driver: Any, count: int, seed: int) -> list[tuple[str, str]]:
    """Sources with ties; half the targets two hops away (a path surely exists), half
    anyone (often none within 3 hops in a large network, which costs a search too)."""
    rng = random.Random(seed)
    records, _, _ = driver.execute_query(machine.statement("sample_people"))
    people = [r["id"] for r in records]
    sources = [r["id"] for r in records if r["degree"] >= 3]
    pairs: list[tuple[str, str]] = []
    while len(pairs) < count and sources:
        source = rng.choice(sources)
        if len(pairs) % 2 == 0:
            near, _, _ = driver.execute_query(machine.statement("two_hops_away"), source=source)
            if not near:
                continue
            pairs.append((source, rng.choice(near)["id"]))
        else:
            target = rng.choice(people)
            if target != source:
                pairs.append((source, target))
    return pairs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ApiServer:
    """`uvicorn api.app:create_app` on a free port, as a child process."""

    def __init__(self, store_url: str, wrap: list[str] | None = None,
                 code: Path = ROOT, uvicorn: list[str] | None = None) -> None:
        """`wrap`: arguments of the interpreter before `-m uvicorn` (a profiler's); `code`:
        the checkout whose API it serves (another revision's worktree, say); `uvicorn`: more
        options of uvicorn's (`--loop asyncio`, say)."""
        self.port = free_port()
        # The same .env as this process, whatever the child's working directory.
        self.env = env = {**os.environ, "GOODWILL_EVENT_STORE": store_url,
                          config.ENV_FILE_VARIABLE: str(config.env_file_path())}
        self.process = subprocess.Popen(
            [sys.executable, *(wrap or []), "-m", "uvicorn", "--factory", "api.app:create_app",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
             "--no-access-log", *(uvicorn or [])],
            cwd=code, env={**env, "PYTHONPATH": str(code)}, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait(self, timeout: float = 60.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the API exited: {self.process.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError("the API did not come up")

    def memory(self) -> dict[str, float]:
        return machine.rss_mb(self.process.pid)

    def token(self) -> str:
        """An analyst's bearer token, signed with the server's secret: a person reads warm
        paths only from themself, an analyst from anyone."""
        done = subprocess.run(
            [sys.executable, "-m", "api.cli", "token", "create", "--role", "analyst"],
            cwd=ROOT, env=self.env, capture_output=True, text=True, check=True, timeout=60)
        return done.stdout.strip()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def _run(server: ApiServer, pairs: list[tuple[str, str]], warmup: int,
               token: str) -> dict[str, Any]:
    import httpx

    from graph.connection import connect_async
    from graph.reads import GraphReads
    from reads import paths

    driver = connect_async()
    reads = GraphReads(driver)
    raw: list[float] = []
    over_http: list[float] = []
    found = {"raw": 0, "graphql": 0}
    errors: list[str] = []
    query = graphql("warm_introductions")
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        fields = (await client.post("/graphql", json={"query": graphql("query_fields")})).json()
        offered = {f["name"] for f in fields["data"]["__type"]["fields"]}
        use_http = "warmIntroductions" in offered

        async def via_bolt(source: str, target: str) -> float:
            started = time.perf_counter()
            answer = await paths.warm_introductions(reads, source, target, "person", 3, 5)
            elapsed = time.perf_counter() - started
            found["raw"] += bool(answer.paths)
            return elapsed

        async def via_http(source: str, target: str) -> float:
            started = time.perf_counter()
            response = await client.post("/graphql", json={"query": query, "variables": {
                                             "from": source, "to": target}},
                                         headers={"Authorization": f"Bearer {token}"})
            elapsed = time.perf_counter() - started
            body = response.json()
            if body.get("errors"):
                errors.append(body["errors"][0].get("message", "error"))
            elif ((body.get("data") or {}).get("warmIntroductions") or {}).get("items"):
                found["graphql"] += 1
            return elapsed

        for i, (source, target) in enumerate(pairs):
            if i == warmup:  # count answers of measured queries only
                found.update(raw=0, graphql=0)
            first_http = i % 2 == 0  # alternate which path goes first
            order = (via_http, via_bolt) if first_http else (via_bolt, via_http)
            for call in order:
                if call is via_http and not use_http:
                    continue
                elapsed = await call(source, target)
                if i >= warmup:
                    (over_http if call is via_http else raw).append(elapsed)
    await driver.close()
    result: dict[str, Any] = {"queries": len(pairs) - warmup, "warmup": warmup,
                              "raw_bolt": percentiles(raw), "paths_found_raw": found["raw"]}
    if use_http:
        result["graphql_http"] = percentiles(over_http)
        result["paths_found_graphql"] = found["graphql"]
        result["graphql_errors"] = len(errors)
        if errors:
            result["first_error"] = errors[0]
        if raw and over_http:
            result["overhead_ratio_p50"] = round(result["graphql_http"]["p50_ms"]
                                                 / result["raw_bolt"]["p50_ms"], 2)
            result["overhead_ratio_p95"] = round(result["graphql_http"]["p95_ms"]
                                                 / result["raw_bolt"]["p95_ms"], 2)
    else:
        result["graphql_http"] = None
        result["note"] = "the API has no warmIntroductions query yet; raw Bolt only"
    return result


def measure(driver: Any, store_url: str, queries: int, warmup: int, seed: int
            ) -> dict[str, Any]:
    pairs = pick_queries(driver, queries + warmup, seed)
    server = ApiServer(store_url)
    try:
        server.wait()
        token = server.token() if pairs else ""
        result = asyncio.run(_run(server, pairs, warmup, token))
        result["api_memory"] = server.memory()
    finally:
        server.stop()
    return result
