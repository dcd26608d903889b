"""The offline rebuild beside the online one and beside a plain `neo4j-admin database
import` of the same files, on generated networks (`goodwill generate`'s, `bench.dataset`).

    python -m bench.rebuild_offline [--sizes 1000,10000] [--rounds 2] [--online-up-to N]

For each size, rounds interleave the three (online, offline, plain import), each on the
same event store, and report the medians as ratios to the plain import:
- online: `Projector.rebuild` (wipe and replay in batches of 5,000, as `goodwill rebuild`);
- offline: `rebuild_offline` (fold into files, stop, import, start, schema, check, as
  `goodwill rebuild --offline`), with its fold and import phases timed on their own;
- import: `neo4j-admin database import full` of the files that offline run folded, alone
  (the server stopped, the same options): the floor any rebuild through files has.

Everything runs on the benchmark's own Neo4j server (`var/bench/neo4j-rebuild-offline`, a
free port, the default 1g heap), started and stopped here; no other graph is touched.
Writes bench/results/rebuild_offline.json. Part of `make bench`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import time
from pathlib import Path
from typing import Any

from neo4j import GraphDatabase

from bench import dataset, machine, report
from bench.report import console, table
from config import Neo4jSettings

HOME = dataset.VAR / "neo4j-rebuild-offline"
PASSWORD = "bench-rebuild-offline"  # a throwaway server on 127.0.0.1 only


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _own_server() -> tuple[Any, Any, Neo4jSettings]:
    """The benchmark's server: the neo4jctl settings point at it for this process."""
    from projector.offline.swap import neo4jctl

    port = _free_port()
    os.environ.update(GOODWILL_NEO4J_DIR=str(HOME), NEO4J_BOLT_PORT=str(port),
                      NEO4J_PASSWORD=PASSWORD, NEO4J_HEAP=os.environ.get("NEO4J_HEAP", "1g"))
    ctl = neo4jctl()
    instance = ctl.Instance.from_env()
    ctl.start(instance)
    return ctl, instance, Neo4jSettings(uri=instance.uri, user="neo4j", password=PASSWORD)


def _online(app: Any, settings: Neo4jSettings) -> float:
    from projector.projector import Projector

    with GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver:
        started = time.perf_counter()
        Projector(app, driver).rebuild(batch_size=5000)
        return time.perf_counter() - started


def _offline(app: Any, settings: Neo4jSettings, files: Path) -> dict[str, Any]:
    from projector.offline.rebuild import rebuild_offline

    marks: list[tuple[str, float]] = []
    shutil.rmtree(files, ignore_errors=True)
    started = time.perf_counter()
    result = rebuild_offline(app, settings, keep_files=files,
                             step=lambda name: marks.append((name, time.perf_counter())))
    total = time.perf_counter() - started
    at = dict(marks)
    return {"seconds": total,
            "fold_seconds": at["marking the graph as rebuilding"] - started,
            "import_seconds": at["starting Neo4j on the new store"]
            - at["importing the new store"],
            "nodes": result.nodes, "relationships": result.relationships,
            "arguments": result.folded.files.arguments()}


def _plain_import(ctl: Any, instance: Any, arguments: list[str]) -> float:
    ctl.stop(instance)
    started = time.perf_counter()
    ctl.import_database(instance, arguments)
    seconds = time.perf_counter() - started
    ctl.start(instance)
    return seconds


def measure(people: int, rounds: int, ctl: Any, instance: Any, settings: Neo4jSettings,
            online_too: bool = True, mean_degree: float = dataset.DEGREE) -> dict[str, Any]:
    from domain.app import Goodwill

    with console.status(f"generating {people:,} people (reused when already there) …"):
        started = time.perf_counter()
        data = dataset.prepare(people, 3.0, 1, mean_degree=mean_degree)
        generate_seconds = time.perf_counter() - started
    app = Goodwill.from_url(data.url)
    files = HOME / "files"
    online, offline, plain = [], [], []
    try:
        for round_ in range(rounds):
            console.print(f"{people:,} people, round {round_ + 1} of {rounds}")
            offline.append(_offline(app, settings, files))
            plain.append(_plain_import(ctl, instance, offline[-1]["arguments"]))
            if online_too:
                online.append(_online(app, settings))
        events = app.max_notification_id()
    finally:
        app.close()
        shutil.rmtree(files, ignore_errors=True)
    median = statistics.median
    offline_s = median(r["seconds"] for r in offline)
    import_s = median(plain)
    online_s = median(online) if online else None
    return {
        "people": people, "events": events, "rounds": rounds,
        "nodes": offline[-1]["nodes"], "relationships": offline[-1]["relationships"],
        "seconds": {"online": online_s and round(online_s, 1), "offline": round(offline_s, 1),
                    "offline_fold": round(median(r["fold_seconds"] for r in offline), 1),
                    "offline_import": round(median(r["import_seconds"] for r in offline), 1),
                    "plain_import": round(import_s, 1)},
        "runs": {"online": [round(s, 1) for s in online],
                 "offline": [round(r["seconds"], 1) for r in offline],
                 "plain_import": [round(s, 1) for s in plain]},
        "ratios": {"offline_to_import": round(offline_s / import_s, 2),
                   "online_to_import": online_s and round(online_s / import_s, 2),
                   "offline_to_online": online_s and round(offline_s / online_s, 2)},
        "online_left_out": None if online_too else "--online-up-to: too long for this run",
        "target": {"offline_to_import_at_most": 2.0, "met": offline_s / import_s <= 2.0},
        "events_per_second": {"online": online_s and round(events / online_s),
                              "offline": round(events / offline_s)},
        "generate": {"seconds_this_run": round(generate_seconds, 1),
                     **data.load_figures()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rebuild_offline", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="people, comma separated")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds per size")
    parser.add_argument("--online-up-to", type=int, default=10_000,
                        help="time the online rebuild only up to this many people")
    parser.add_argument("--mean-degree", type=float, default=dataset.DEGREE,
                        help="ties per person on average in the generated networks")
    args = parser.parse_args(argv)
    ctl, instance, settings = _own_server()
    try:
        with GraphDatabase.driver(settings.uri, auth=(settings.user, PASSWORD)) as driver:
            facts = machine.facts(driver)
        rows = []
        for people in (int(s) for s in args.sizes.split(",")):
            entry = measure(people, args.rounds, ctl, instance, settings,
                            online_too=people <= args.online_up_to,
                            mean_degree=args.mean_degree)
            path = report.write(report.RESULTS, "rebuild_offline", str(people), entry, facts,
                                {"rounds": args.rounds, "heap": instance.heap,
                                 "mean_degree": args.mean_degree})
            s, r = entry["seconds"], entry["ratios"]
            rows.append((f"{people:,}", entry["events"], s["online"], s["offline"],
                         s["offline_fold"], s["offline_import"], s["plain_import"],
                         r["offline_to_import"], r["online_to_import"]))
        table("Rebuild: offline and online beside a plain neo4j-admin import (seconds)",
              ("people", "events", "online", "offline", "fold", "its import", "import",
               "offline ÷ import", "online ÷ import"), rows)
        console.print(f"Results in {path}")
    finally:
        ctl.stop(instance)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
