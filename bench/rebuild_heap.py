"""Rebuild at the default heap: a generated network (`synthetic/`, 100,000 people with their
ties by default) replayed into the graph by `Projector.rebuild`, as `goodwill rebuild` does,
on the server `make run` starts (1g heap, `NEO4J_HEAP`). Records the time, the events per
second and the peak of Neo4j's heap (sampled every half second through JMX during the run),
and whether the heap was the default one.

    python -m bench.rebuild_heap [--people 100000] [--batch-size 5000]

The event store is generated once under var/bench/ and reused (`bench.dataset`). The graph
at NEO4J_URI must be empty or the benchmarks' own (`bench.graph_guard`; `--wipe-graph` to
take another one): the rebuild wipes it. Writes bench/results/rebuild_heap.json. Part of
`make bench`, not of `make test`: at 100,000 people it takes about half an hour here.
"""

from __future__ import annotations

import argparse
import threading
import time
from typing import Any

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

import config
from bench import dataset, graph_guard, machine, report
from bench.report import console, table

DEFAULT_HEAP_MB = 1024.0  # NEO4J_HEAP's default (ops/neo4j/neo4jctl.py), what make run uses


class HeapSampler:
    """The largest heap use of the Neo4j server seen while it runs (every `every_s`)."""

    def __init__(self, driver: Any, every_s: float = 0.5) -> None:
        self._driver = driver
        self._every_s = every_s
        self._stop = threading.Event()
        self.peak_mb = 0.0
        self.samples = 0
        self._thread = threading.Thread(target=self._run, name="heap-sampler", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._every_s):
            try:
                used = machine.neo4j_heap(self._driver)["heap_used_mb"] or 0.0
            except Exception:  # a sample missed under load is not a result
                continue
            self.peak_mb = max(self.peak_mb, used)
            self.samples += 1

    def __enter__(self) -> HeapSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(10)


def measure(people: int, years: float, seed: int, batch_size: int, driver: Any,
            mean_degree: float = dataset.DEGREE) -> dict[str, Any]:
    from domain.app import Goodwill
    from projector.projector import Projector

    with console.status(f"generating {people:,} people (reused when already loaded) …"):
        data = dataset.prepare(people, years, seed, mean_degree=mean_degree)
    app = Goodwill.from_url(data.url)
    try:
        projector = Projector(app, driver)
        head = projector.head()
        heap_before = machine.neo4j_heap(driver)
        columns = (TextColumn("Rebuilding"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn())
        started = time.perf_counter()
        with Progress(*columns, console=console) as bar, HeapSampler(driver) as heap:
            task = bar.add_task("rebuild", total=head)
            replayed = projector.rebuild(batch_size, progress=lambda done, of: bar.update(
                task, completed=done, total=of))
        seconds = time.perf_counter() - started
        counts = driver.execute_query(machine.statement("graph_counts")).records[0].data()
    finally:
        app.close()
    heap_after = machine.neo4j_heap(driver)
    heap_max = heap_after["heap_max_mb"]
    return {
        "people": people, "events": replayed, "graph": counts,
        "seconds": round(seconds, 1), "events_per_second": round(replayed / seconds),
        "batch_size": batch_size,
        "heap": {"max_mb": heap_max, "default_mb": DEFAULT_HEAP_MB,
                 "at_default": heap_max == DEFAULT_HEAP_MB,
                 "peak_used_mb": heap.peak_mb, "samples": heap.samples,
                 "before": heap_before, "after": heap_after},
        "load": data.load_figures(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rebuild_heap", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mean-degree", type=float, default=dataset.DEGREE,
                        help="ties per person on average in the generated network")
    parser.add_argument("--batch-size", type=int, default=5000,
                        help="events per transaction, as `goodwill rebuild`")
    parser.add_argument("--wipe-graph", action="store_true",
                        help="rebuild into the graph at NEO4J_URI even if it is not ours")
    args = parser.parse_args(argv)
    driver = graph_guard.claimed(args.wipe_graph)
    if driver is None:
        return 2
    neo4j = config.load().neo4j
    try:
        facts = machine.facts(driver)
        result = measure(args.people, args.years, args.seed, args.batch_size, driver,
                         args.mean_degree)
        graph_guard.mark(driver)  # the rebuild's wipe removed the mark
    finally:
        driver.close()
    heap = result["heap"]
    if not heap["at_default"]:
        console.print(f"[yellow]Neo4j runs with a {heap['max_mb']:g} MiB heap, not the "
                      f"default {DEFAULT_HEAP_MB:g} MiB (NEO4J_HEAP).[/]")
    table(f"Rebuild of {args.people:,} people", ["", "value"], [
        ("events", result["events"]), ("seconds", result["seconds"]),
        ("events/s", result["events_per_second"]),
        ("heap max MiB", heap["max_mb"]), ("peak heap used MiB", heap["peak_used_mb"])])
    settings = {"people": args.people, "years": args.years, "seed": args.seed,
                "mean_degree": args.mean_degree,
                "batch_size": args.batch_size, "neo4j_uri": neo4j.uri}
    path = report.write(report.RESULTS, "rebuild_heap", str(args.people), result, facts,
                        settings)
    console.print(f"results in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
