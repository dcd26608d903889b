"""The cost of one GraphQL request, this code beside an earlier revision, side by side:

    python -m bench.request_ab --before <rev> [--before-uvicorn OPTIONS]
                               [--request person_ties] [--requests 400]

Checks the revision out into a worktree (`var/bench/before-<rev>`), starts the API of each
(uvicorn, as `bench.warm` runs it; two servers of each, on the 1k dataset the library
comparison loaded into the graph of NEO4J_URI) and sends `bench/graphql/<request>.graphql`
to all four in a rotating order, request by request; reports p50 / p95 of the wall time and
the API process's CPU per request (utime + stime from /proc). `--before-uvicorn` gives the
earlier side other options of uvicorn's (the same revision under `--loop asyncio --http h11`
measures what uvloop and httptools are worth). Results: `results/request_ab.json`, under the
request's name (with `--name`, under that)."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

import config
from bench import machine
from bench.dataset import VAR, prepare
from bench.report import RESULTS, console, now, table, write
from bench.warm import ROOT, ApiServer, graphql
from graph.connection import connect

WARMUP = 30


def checkout(rev: str) -> Path:
    """A worktree of `rev`, sharing this checkout's var/ and node_modules."""
    folder = VAR / f"before-{rev}"
    if not folder.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(folder), rev], cwd=ROOT,
                       check=True, capture_output=True)
        for shared in ("var", "node_modules"):
            if (ROOT / shared).exists():
                (folder / shared).symlink_to(ROOT / shared)
    return folder


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(before: str, request: str, requests: int,
        before_uvicorn: list[str] | None = None) -> dict[str, Any]:
    dataset = prepare(1000, 3.0, 1)
    driver = connect(config.load().neo4j)
    records = driver.execute_query(machine.statement("sample_people")).records
    facts = machine.facts(driver)
    driver.close()
    ids = [r["id"] for r in records if r["degree"] >= 20] or [r["id"] for r in records]
    old = checkout(before)
    sides = (("before", old, before_uvicorn), ("after", ROOT, None))
    servers = {f"{name} {i}": ApiServer(dataset.url, code=code, uvicorn=options)
               for i in (1, 2) for name, code, options in sides}
    query = graphql(request)
    try:
        for api in servers.values():
            api.wait()
        token = next(iter(servers.values())).token()
        clients = {name: httpx.Client(base_url=api.url, timeout=60,
                                      headers={"Authorization": f"Bearer {token}"})
                   for name, api in servers.items()}

        def ask(name: str, person: str) -> float:
            started = time.perf_counter()
            body = clients[name].post("/graphql", json={
                "query": query, "variables": {"id": person, "first": 20}}).json()
            took = time.perf_counter() - started
            assert not body.get("errors"), body["errors"]
            return took

        for i in range(WARMUP):
            for name in clients:
                ask(name, ids[i % len(ids)])
        cpu = {name: cpu_s(api.process.pid) for name, api in servers.items()}
        times: dict[str, list[float]] = {name: [] for name in servers}
        order = list(servers)
        for i in range(requests):
            order = order[1:] + order[:1]  # each server first in turn
            for name in order:
                times[name].append(ask(name, ids[i % len(ids)]))
        results = {}
        for name, took in times.items():
            took.sort()
            results[name] = {
                "p50_ms": round(1000 * statistics.median(took), 2),
                "p95_ms": round(1000 * took[int(0.95 * len(took))], 2),
                "cpu_ms": round(1000 * (cpu_s(servers[name].process.pid) - cpu[name])
                                / requests, 2)}
    finally:
        for api in servers.values():
            api.stop()
    return {"before": before, "before_uvicorn": before_uvicorn or [], "date": now(),
            "machine": facts, "results": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.request_ab", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="the earlier revision (git)")
    parser.add_argument("--request", default="person_ties",
                        help="a query of bench/graphql taking $id and $first")
    parser.add_argument("--before-uvicorn", default="", help="more options of uvicorn's for "
                        "the earlier side, as one string")
    parser.add_argument("--name", help="the results' entry (default: the request's name)")
    parser.add_argument("--requests", type=int, default=400, help="per server")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    entry = run(args.before, args.request, args.requests, args.before_uvicorn.split())
    table(f"{args.request}: before ({args.before} {args.before_uvicorn}) and after, "
          "interleaved",
          ["server", "p50 ms", "p95 ms", "API CPU ms"],
          [[name, r["p50_ms"], r["p95_ms"], r["cpu_ms"]]
           for name, r in entry["results"].items()])
    path = write(args.out, "request_ab", args.name or args.request, entry, entry.pop("machine"),
                 {"requests": args.requests, "people": 1000, "servers": "two of each"})
    console.print(f"results in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
