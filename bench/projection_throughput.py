"""Projection throughput: events/s of the batched projector (full rebuild, and following the
log in smaller batches) against a naive projector that writes one event per transaction,
side by side on the same event store and the same Neo4j.

    python -m bench.projection_throughput [--steps 20000] [--naive-events 2000]

Writes bench/results/projection_throughput.json. Reads the graph's settings through
`config` (NEO4J_URI, NEO4J_PASSWORD, … from the environment or `.env`); it WIPES that graph.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import config
import cypher
from bench import graph_guard
from bench.projection_workload import Workload
from domain.app import Goodwill
from graph.connection import connect
from projector.canonical import graph_hash
from projector.projector import Projector

RESULTS = Path(__file__).resolve().parent / "results" / "projection_throughput.json"


def neo4j_version(driver: Any) -> str:
    records, _, _ = driver.execute_query(cypher.load("projection/server_version"))
    return str(records[0]["version"])


def timed(label: str, events: int, action: Any) -> dict[str, Any]:
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    rate = events / elapsed
    print(f"{label:>28}: {events:>7} events in {elapsed:7.2f} s = {rate:>9,.0f} events/s")
    return {"events": events, "seconds": round(elapsed, 3), "events_per_second": round(rate)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=20_000, help="workload commands")
    parser.add_argument("--naive-events", type=int, default=2_000,
                        help="events the naive one-per-transaction projector applies")
    parser.add_argument("--rebuild-batch", type=int, default=5_000)
    parser.add_argument("--follow-batch", type=int, default=500)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    settings = config.load().neo4j
    driver = connect(settings)
    graph_guard.claim(driver, settings.uri)  # it wipes: only a graph of the benchmarks'
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/events.sqlite"
        app = Goodwill.from_url(url)
        started = time.perf_counter()
        Workload(app).random(args.steps, seed=42)
        generated = time.perf_counter() - started
        head = app.max_notification_id()
        print(f"generated {head} events from {args.steps} commands in {generated:.1f} s")
        projector = Projector(app, driver)
        projector.rebuild(1000)  # warm up: compile every statement once

        results: dict[str, Any] = {}
        results["rebuild"] = timed(
            f"rebuild (batch {args.rebuild_batch})", head,
            lambda: projector.rebuild(args.rebuild_batch))
        rebuilt = graph_hash(driver)

        def follow() -> None:
            projector.wipe()
            projector.ensure_schema()
            stop = threading.Event()
            thread = threading.Thread(target=projector.follow,
                                      args=(stop, 0.05, args.follow_batch))
            thread.start()
            while projector.position() < head:
                time.sleep(0.05)
            stop.set()
            projector.wake()
            thread.join()

        results["follow"] = timed(f"follow (batch {args.follow_batch})", head, follow)
        results["follow_equals_rebuild"] = graph_hash(driver) == rebuilt

        naive = Projector(app, driver, batch_size=1)

        def one_per_transaction() -> None:
            naive.wipe()
            naive.ensure_schema()
            for _ in range(args.naive_events):
                naive.run_once(1)

        results["naive_one_event_per_transaction"] = timed(
            "naive (1 event per tx)", min(args.naive_events, head), one_per_transaction)
        app.close()

    report = {
        "benchmark": "projection_throughput",
        "date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "machine": {"cpu_count": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "neo4j": neo4j_version(driver)},
        "settings": {"steps": args.steps, "events": head, "store": "sqlite file",
                     "rebuild_batch": args.rebuild_batch, "follow_batch": args.follow_batch,
                     "naive_events": args.naive_events, "generation_seconds": round(generated, 1)},
        "results": results,
        "speedup_rebuild_vs_naive": round(
            results["rebuild"]["events_per_second"]
            / results["naive_one_event_per_transaction"]["events_per_second"], 1),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.output}")
    driver.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
