"""Scale-out on PostgreSQL: the lag from commit to graph with the projector woken by the
store's notifications (LISTEN/NOTIFY) against the old polling (every 0.5 s), side by side in
interleaved rounds under the same steady load, as a ratio; and the failover time when the
active one of two `goodwill serve` processes is killed with SIGKILL.

    python -m bench.scale_out [--rate 20] [--seconds 8] [--rounds 3] [--warmup 4] [--failovers 3]

The writer is a process of its own on the store (as another API process would be), so the
projector learns of a command only from the store and shares no interpreter with it. The lag
rounds share one fresh PostgreSQL schema on GOODWILL_BENCH_POSTGRES_URL (`make bench` sets it)
and one graph, wiped first, which must be empty or the benchmarks' own (`bench.graph_guard`;
`--wipe-graph` to take another one); the failovers have a schema of their own. Writes
bench/results/scale_out.json.

Steady state, not a cold start: the rounds write into a network of `--network` people
registered and projected first, and one short round of each mode runs uncounted. A Neo4j
just started compiles its code paths, and plans each statement again while a graph grows
from nothing (its statistics change); neither is the steady load the target is about.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import config
from bench import graph_guard, machine, processes, report
from bench.append import drop_schema, postgres_url
from bench.report import console, table

MODES = ("woken", "polling")
POLL_S = 0.5  # the in-process projector's poll interval (ApiSettings.projector_poll_s)
TARGET_P95_MS = 100.0  # commit to graph, woken, under steady load


@contextmanager
def fresh_schema(base: str) -> Iterator[str]:
    """A store URL on a new schema of the benchmark database, dropped afterwards."""
    url, schema = postgres_url(base)
    try:
        yield url
    finally:
        drop_schema(base, schema)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _write_steadily(url: str, rate: float, seconds: float, ready: Any, go: Any,
                    out: Any) -> None:
    """The writer process: `rate` commands a second for `seconds`, each one's commit time
    (CLOCK_MONOTONIC, the same clock in every process) and notification id sent back."""
    from domain.actors import Actor
    from domain.app import Goodwill

    writer, admin = Goodwill.from_url(url), Actor.admin()
    try:
        writer.register_person(admin, name="warm-up")
        ready.set()
        go.wait()
        committed: list[tuple[float, int]] = []
        start = time.monotonic()
        for i in range(int(rate * seconds)):
            time.sleep(max(0.0, start + i / rate - time.monotonic()))
            writer.register_person(admin, name=f"p{i}")
            committed.append((time.monotonic(), writer.max_notification_id() or 0))
        out.send(committed)
    finally:
        writer.close()


def seed_network(url: str, driver: Any, people: int) -> None:
    """The network the rounds write into, registered in batches and projected before any
    round: a graph that is already there, as in steady use, not one growing from nothing
    (whose every projection statement Neo4j would plan again as its statistics change)."""
    from domain.actors import Actor
    from domain.app import Goodwill
    from projector.projector import Projector

    app, admin = Goodwill.from_url(url), Actor.admin()
    projector = Projector(app, driver)
    try:
        projector.wipe()
        graph_guard.mark(driver)
        for start in range(0, people, 500):
            with app.batch():
                for i in range(start, min(people, start + 500)):
                    app.register_person(admin, name=f"member {i}")
        projector.catch_up()
    finally:
        projector.close(30)
        app.close()


def lag_round(url: str, driver: Any, mode: str, rate: float, seconds: float) -> list[float]:
    """Commit-to-graph seconds of each command of one round, the projector resuming where
    the last round left the graph. The writer is a process of its own, as another API
    process would be: the projector learns of a command only from the store, and shares no
    interpreter with it."""
    from domain.app import Goodwill
    from projector.projector import Projector
    from projector.wakeups import StoreWakeups

    reader = Goodwill.from_url(url)
    projector = Projector(reader, driver)
    shown: list[tuple[float, int]] = []  # (when, position) of each batch committed
    projector.listeners.append(lambda _events, position: shown.append(
        (time.monotonic(), position)))
    # as the API's runner does: the store's notifications wake the follower, or only the poll
    wakeups = StoreWakeups(reader.recorder, projector.wake) if mode == "woken" else None
    stop = threading.Event()
    follower = threading.Thread(target=projector.follow, args=(stop, POLL_S), daemon=True)
    ctx = mp.get_context("spawn")
    ready, go = ctx.Event(), ctx.Event()
    received, sent = ctx.Pipe(duplex=False)
    writer = ctx.Process(target=_write_steadily, args=(url, rate, seconds, ready, go, sent))
    if wakeups is not None:
        wakeups.start()
    follower.start()
    writer.start()
    try:
        if not ready.wait(60):
            raise RuntimeError("the writer process did not start")
        time.sleep(1.0)  # the subscription listens, the warm-up is projected
        go.set()
        committed: list[tuple[float, int]] = received.recv()
        writer.join(30)
        head = committed[-1][1]
        deadline = time.monotonic() + 30
        while (not shown or shown[-1][1] < head) and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        if writer.is_alive():
            writer.kill()
        stop.set()
        projector.wake()
        if wakeups is not None:
            wakeups.stop()
        follower.join(30)
        projector.close(30)
        reader.close()
    lags = []
    for at, notification in committed:
        seen = next((when for when, position in list(shown) if position >= notification), None)
        if seen is not None:
            lags.append(max(0.0, seen - at))
    if len(lags) != len(committed):
        raise RuntimeError(f"{len(committed) - len(lags)} commands never reached the graph")
    return lags


def failovers(url: str, driver: Any, neo4j: config.Neo4jSettings, count: int,
              folder: Path) -> list[dict[str, float]]:
    """Seconds from SIGKILL of the active process to the standby projecting, and to the
    graph showing a command acknowledged by the standby right after the kill."""
    from domain.app import Goodwill
    from projector.projector import Projector

    store = Goodwill.from_url(url)
    Projector(store, driver).wipe()
    graph_guard.mark(driver)
    env = processes.environment(url, neo4j)
    procs = [processes.serve(env, folder / f"serve-{i}.log") for i in range(2)]
    results = []
    try:
        for n in range(count):
            if processes.wait_until(lambda pair=procs: sum(p.active for p in pair) == 1,
                                    30, 0.1) is None:
                raise RuntimeError("no single active projector")
            active = next(p for p in procs if p.active)
            standby = next(p for p in procs if p is not active)
            processes.register(standby.url, f"before-{n}")
            killed = time.perf_counter()
            active.kill()
            _, behind = processes.register(standby.url, f"after-{n}")  # waits for the graph
            shown_s = time.perf_counter() - killed
            took = processes.wait_until(lambda survivor=standby: survivor.active, 30, 0.02)
            if took is None:
                raise RuntimeError("the standby did not take over")
            results.append({"takeover_s": round(time.perf_counter() - killed, 3),
                            "command_in_graph_s": round(shown_s, 3),
                            "read_model_behind": behind is not None})
            procs = [standby, processes.serve(env, folder / f"serve-{n + 2}.log")]
    finally:
        for proc in procs:
            proc.stop()
        store.close()
    return results


def main(argv: list[str] | None = None) -> int:
    from graph.connection import connect

    parser = argparse.ArgumentParser(prog="python -m bench.scale_out", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=20.0, help="commands per second")
    parser.add_argument("--seconds", type=float, default=8.0, help="length of a round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each mode")
    parser.add_argument("--network", type=int, default=2000,
                        help="people registered and projected before the rounds")
    parser.add_argument("--warmup", type=float, default=4.0,
                        help="seconds of the unmeasured first round of each mode")
    parser.add_argument("--failovers", type=int, default=3)
    parser.add_argument("--wipe-graph", action="store_true",
                        help="use the graph at NEO4J_URI even if it is not ours")
    args = parser.parse_args(argv)
    settings = config.load()
    if not settings.bench_postgres_url:
        console.print("[yellow]GOODWILL_BENCH_POSTGRES_URL is not set: scale-out needs "
                      "PostgreSQL; skipped.[/]")
        return 0
    neo4j = settings.neo4j
    driver = connect(neo4j)
    try:
        try:
            graph_guard.claim(driver, neo4j.uri, wipe_anyway=args.wipe_graph)
        except graph_guard.ForeignGraph as refused:
            console.print(f"[red]{refused}[/]")
            return 2
        facts = machine.facts(driver)
        lags: dict[str, list[float]] = {mode: [] for mode in MODES}
        round_p95: dict[str, list[float]] = {mode: [] for mode in MODES}
        with console.status("lag rounds …") as status, \
                fresh_schema(settings.bench_postgres_url) as url:
            status.update(f"seeding {args.network:,} people")
            seed_network(url, driver, args.network)
            for mode in MODES:
                status.update(f"warm-up: {mode}")
                lag_round(url, driver, mode, args.rate, args.warmup)
            for r in range(args.rounds):
                for mode in MODES if r % 2 == 0 else reversed(MODES):  # interleaved
                    status.update(f"round {r + 1}/{args.rounds}: {mode}")
                    measured = lag_round(url, driver, mode, args.rate, args.seconds)
                    lags[mode] += measured
                    round_p95[mode].append(round(1000 * percentile(measured, 0.95), 1))
        with console.status("failovers …"), TemporaryDirectory() as folder, \
                fresh_schema(settings.bench_postgres_url) as url:
            failed_over = failovers(url, driver, neo4j, args.failovers, Path(folder))
        graph_guard.mark(driver)
    finally:
        driver.close()
    summary: dict[str, dict[str, Any]] = {
        mode: {"commands": len(values),
               "p50_ms": round(1000 * statistics.median(values), 1),
               "p95_ms": round(1000 * percentile(values, 0.95), 1),
               "max_ms": round(1000 * max(values), 1),
               "p95_ms_of_each_round": round_p95[mode]}
        for mode, values in lags.items()}
    ratio = summary["polling"]["p95_ms"] / max(summary["woken"]["p95_ms"], 1e-9)
    takeovers = [f["takeover_s"] for f in failed_over]
    met = summary["woken"]["p95_ms"] <= TARGET_P95_MS
    entry = {"lag": summary, "p95_polling_over_woken": round(ratio, 2),
             "target_woken_p95_ms": TARGET_P95_MS, "target_met": met,
             "failovers": failed_over, "takeover_max_s": max(takeovers),
             "takeover_median_s": statistics.median(takeovers)}
    table("Commit to graph on PostgreSQL", ["mode", "commands", "p50 ms", "p95 ms", "max ms"],
          [(m, s["commands"], s["p50_ms"], s["p95_ms"], s["max_ms"])
           for m, s in summary.items()])
    table("Failover (SIGKILL of the active serve)", ["#", "takeover s", "command in graph s"],
          [(i + 1, f["takeover_s"], f["command_in_graph_s"])
           for i, f in enumerate(failed_over)])
    console.print(f"p95 polling / woken: {ratio:.1f}×; woken p95 ≤ {TARGET_P95_MS:.0f} ms: "
                  + ("[green]met[/]" if met else "[red]not met[/]"))
    run_settings = {"rate": args.rate, "seconds": args.seconds, "rounds": args.rounds,
                    "network_people": args.network, "warmup_s": args.warmup,
                    "poll_s": POLL_S, "neo4j_uri": neo4j.uri}
    path = report.write(report.RESULTS, "scale_out", "postgresql", entry, facts, run_settings)
    console.print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
