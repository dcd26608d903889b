"""The benchmark suite: `python -m bench.run [--smoke] [--sizes 1000,10000,100000]`.

For each size: generate and load the network (bulk path, reused when already loaded),
project it (naive vs batched on one window, following, full rebuild), time warm
introductions over GraphQL/HTTP and raw Bolt, run the influence job, read memory. The
command append rate is measured once per run (SQLite, and PostgreSQL when
GOODWILL_BENCH_POSTGRES_URL is set). Each benchmark is printed as a table and merged into
bench/results/<benchmark>.json under its size; bench/results/summary.json holds the
targets, met or not. Settings come from `config` (environment, then `./.env` or
GOODWILL_ENV_FILE). It WIPES the graph at NEO4J_URI, and so refuses one it did not create
(`bench.graph_guard`; `--wipe-graph` to wipe it anyway); with every graph benchmark
skipped (`--skip projection,warm,influence`) it does not connect to Neo4j at all.

--smoke: 1k people, tiny budgets, results under var/bench/smoke-results (CI; no timing
is asserted anywhere).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

import config
from bench import append, graph_guard, influence_job, machine, projection, report, warm
from bench.dataset import VAR, prepare
from bench.report import console, table
from bench.targets import TARGETS, evaluate
from synthetic.plan import plan as make_plan

SMOKE_OUT = VAR / "smoke-results"
GRAPH_BENCHMARKS = frozenset({"projection", "warm", "influence"})


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="1k people, tiny budgets")
    parser.add_argument("--sizes", default="1000,10000", help="people, comma separated")
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="results folder")
    parser.add_argument("--append-seconds", type=float, default=20.0)
    parser.add_argument("--queries", type=int, default=200, help="warm-intro queries per path")
    parser.add_argument("--naive-events", type=int, default=3000)
    parser.add_argument("--follow-events", type=int, default=100_000)
    parser.add_argument("--skip", default="", help="benchmarks to skip: append,projection,"
                        "warm,influence")
    parser.add_argument("--fresh", action="store_true", help="reload datasets from scratch")
    parser.add_argument("--wipe-graph", action="store_true", help="wipe the graph at "
                        "NEO4J_URI even though the benchmarks did not create it")
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes = "1000"
        args.append_seconds = min(args.append_seconds, 2.0)
        args.queries = min(args.queries, 10)
        args.naive_events = min(args.naive_events, 200)
        args.follow_events = min(args.follow_events, 2000)
        args.out = args.out or SMOKE_OUT
    args.out = args.out or report.RESULTS
    args.size_list = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    args.skipped = {s.strip() for s in args.skip.split(",") if s.strip()}
    return args


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                    TimeElapsedColumn(), console=console)


def main(argv: list[str] | None = None) -> int:
    from graph.connection import connect

    args = _args(argv)
    neo4j = config.load().neo4j
    driver = connect(neo4j) if not args.skipped >= GRAPH_BENCHMARKS else None
    if driver is not None:
        try:
            graph_guard.claim(driver, neo4j.uri, wipe_anyway=args.wipe_graph)
        except graph_guard.ForeignGraph as refused:
            console.print(f"[red]{refused}[/]")
            driver.close()
            return 2
    facts = machine.facts(driver)
    settings = {"seed": args.seed, "years": args.years, "sizes": args.size_list,
                "smoke": args.smoke, "neo4j_uri": neo4j.uri}
    console.print(f"[bold]Goodwill benchmarks[/] sizes={args.size_list} → {args.out}")
    console.print(facts)
    figures: dict[str, dict[str, Any]] = {}

    def save(name: str, key: str, entry: dict[str, Any]) -> None:
        report.write(args.out, name, key, entry, facts, settings)

    if "append" not in args.skipped:
        figures["append"] = run_append(args, save)
    for size in args.size_list:
        figures[str(size)] = run_size(args, size, driver, save)
        save("summary", "targets", {"targets": _on_disk(args.out)})
    summary = _on_disk(args.out)
    table("Targets", ["target", "size", "measured", "goal", "status"],
          [(t["target"], t["size"], t["measured"], t["goal"], t["met"]) for t in summary])
    save("summary", "targets", {"targets": summary})
    if driver is not None:
        driver.close()
    console.print(f"results in {args.out}")
    return 0


def _on_disk(out: Path) -> list[dict[str, Any]]:
    """The targets over every result on disk, so runs of different sizes add up."""
    import json

    def sizes(name: str) -> dict[str, Any]:
        try:
            return json.loads((out / f"{name}.json").read_text())["sizes"]
        except (OSError, ValueError, KeyError):
            return {}

    figures: dict[str, Any] = {}
    if "commands" in sizes("append"):
        figures["append"] = {"rows": sizes("append")["commands"]["results"]}
    for name, key in (("projection", "projection"), ("warm_introductions", "warm"),
                      ("influence", "influence")):
        for size, entry in sizes(name).items():
            figures.setdefault(size, {})[key] = entry["results"]
    return evaluate(figures)


def run_append(args: argparse.Namespace, save: Any) -> dict[str, Any]:
    size = min(args.size_list)
    plan = make_plan(size, args.years, args.seed)
    postgres = config.load().bench_postgres_url
    with console.status(f"append rate: {args.append_seconds:g} s per store and writer count"):
        rows = append.run(plan, args.append_seconds, postgres)
    table("1. Command append rate",
          ["store", "writers", "commands per transaction", "commands", "events", "s",
           "events/s"],
          [(r["store"], r["writers"], r.get("batch", 1), r["commands"], r["events"],
            r["seconds"], r["events_per_second"]) for r in rows])
    entry = {"settings": {"plan_people": size, "seconds_per_run": args.append_seconds,
                          "postgres": bool(postgres)}, "results": rows}
    if not postgres:
        entry["note"] = "GOODWILL_BENCH_POSTGRES_URL not set: PostgreSQL not measured"
    save("append", "commands", entry)
    return {"rows": rows}


def run_size(args: argparse.Namespace, size: int, driver: Any, save: Any) -> dict[str, Any]:
    key = str(size)
    console.rule(f"{size:,} people")
    with _progress() as bar:
        task = bar.add_task(f"load {size:,} people (bulk path)", total=None)
        dataset = prepare(size, args.years, args.seed, fresh=args.fresh,
                          progress=lambda done, total: bar.update(task, completed=done,
                                                                  total=total))
    summary = dataset.plan.summary()
    load = dataset.load_figures()
    table(f"Network of {size:,} people", ["", "value"],
          [(k, v) for k, v in summary.items()] + [("bulk load events/s",
                                                   load.get("events_per_second"))])
    save("bulk_load", key, {"settings": dataset.plan.settings.as_dict(), "network": summary,
                            "results": load})
    figures: dict[str, Any] = {"bulk_load": load}
    if driver is None:  # no graph benchmark: the graph at NEO4J_URI is not touched
        return figures

    from domain.app import Goodwill

    app = Goodwill.from_url(dataset.url)
    try:
        if "projection" not in args.skipped:
            figures["projection"] = run_projection(args, app, driver, key, save)
        else:
            same_network(app, driver, size)
    finally:
        app.close()
    counts = driver.execute_query(machine.statement("graph_counts")).records[0].data()
    figures["graph"] = counts
    if "warm" not in args.skipped:
        figures["warm"] = run_warm(args, dataset.url, driver, key, save)
    if "influence" not in args.skipped:
        figures["influence"] = run_influence(driver, key, save)
    memory: dict[str, Any] = {"api": (figures.get("warm") or {}).get("api_memory"),
              "neo4j": machine.neo4j_heap(driver)}
    pid = machine.neo4j_pid()
    if pid:
        memory["neo4j_process"] = machine.rss_mb(pid)
    figures["memory"] = memory
    api = memory["api"] or {}
    table(f"5. Peak memory ({size:,} people)", ["process", "now MiB", "peak MiB"],
          [("API (uvicorn)", api.get("rss_mb"), api.get("peak_rss_mb")),
           ("Neo4j heap used / committed", memory["neo4j"]["heap_used_mb"],
            memory["neo4j"]["heap_committed_mb"]),
           ("Neo4j old generation (peak)", None, memory["neo4j"]["old_gen_peak_mb"]),
           ("Neo4j process RSS", (memory.get("neo4j_process") or {}).get("rss_mb"),
            (memory.get("neo4j_process") or {}).get("peak_rss_mb"))])
    save("memory", key, {"results": memory, "graph": counts})
    graph_guard.mark(driver)  # this run's wipes removed the mark
    return figures


def run_projection(args: argparse.Namespace, app: Any, driver: Any, key: str, save: Any
                   ) -> dict[str, Any]:
    console.print("projection: naive vs batched window, follow, full rebuild …")
    started = time.perf_counter()
    result = projection.measure(app, driver, naive_events=args.naive_events,
                                follow_events=args.follow_events)
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    table(f"2. Projection throughput ({key} people)", ["mode", "events", "s", "events/s"],
          [("naive, 1 event/tx (window)", *_row(result["naive_window"])),
           ("batched (window, same events)", *_row(result["batched_window"])),
           ("incremental follow (batch 500)", *_row(result["follow"])),
           ("full rebuild (batch 5000)", *_row(result["rebuild"]))])
    console.print(f"batched / naive on the same events: {result['batched_vs_naive']}×, "
                  f"rebuild / naive: {result['rebuild_vs_naive']}×")
    save("projection", key, {"results": result})
    return result


def same_network(app: Any, driver: Any, size: int) -> None:
    """Without the projection benchmark the graph must still hold this network: catch up
    when it does, rebuild when it holds another one (sizes share the one database)."""
    from projector.projector import Projector

    counts = driver.execute_query(machine.statement("graph_counts")).records[0]
    projector = Projector(app, driver)
    if counts["people"] == size and (counts["position"] or 0) <= app.max_notification_id():
        projector.catch_up(5000)
    else:
        with console.status(f"rebuilding the graph for {size:,} people …"):
            projector.rebuild(5000)


def _row(figure: dict[str, Any]) -> tuple[Any, Any, Any]:
    return figure["events"], figure["seconds"], figure["events_per_second"]


def run_warm(args: argparse.Namespace, url: str, driver: Any, key: str, save: Any
             ) -> dict[str, Any]:
    warmup = max(2, args.queries // 10)
    with console.status(f"warm introductions: {args.queries} queries per path"):
        result = warm.measure(driver, url, args.queries, warmup, args.seed)
    rows = []
    for label, name in (("GraphQL over HTTP", "graphql_http"), ("raw Bolt", "raw_bolt")):
        p = result.get(name) or {}
        rows.append((label, p.get("n"), p.get("p50_ms"), p.get("p95_ms"), p.get("p99_ms")))
    table(f"3. Warm introductions, top 5 within 3 hops ({key} people)",
          ["path", "queries", "p50 ms", "p95 ms", "p99 ms"], rows)
    if result.get("overhead_ratio_p50"):
        console.print(f"GraphQL / raw Bolt: p50 {result['overhead_ratio_p50']}×, "
                      f"p95 {result['overhead_ratio_p95']}×")
    elif result.get("note"):
        console.print(result["note"])
    save("warm_introductions", key, {"results": result})
    return result


def run_influence(driver: Any, key: str, save: Any) -> dict[str, Any]:
    with console.status("influence job …"):
        result = influence_job.measure(driver)
    table(f"4. Influence job ({key} people)", ["job", "seconds"],
          [(result.get("job", "not available"), result.get("seconds"))])
    save("influence", key, {"results": result})
    return result


__all__ = ["TARGETS", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
