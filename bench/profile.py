"""Where the time goes, for the targets a run misses:

    python -m bench.profile append      [--people 1000]   commands on SQLite (pyinstrument)
    python -m bench.profile projection  [--people 10000]  per-statement time + Neo4j PROFILE
    python -m bench.profile warm        [--people 10000]  per-query split + pyinstrument
    python -m bench.profile linkedin    [--steps 5000]    read, plan, apply a Connections.csv (rows)
    python -m bench.profile ical        [--steps 6000]    read, plan, apply a calendar (occurrences)
    python -m bench.profile api         [--people 1000] [--request person_ties]
                                        one GraphQL request of bench/graphql to uvicorn

Profiles print to the terminal and are saved under var/bench/profiles/. `projection` and
`warm` and `api` use the dataset `bench.run` loaded for that size (`projection` WIPES the graph and
leaves it projected up to the profiled window only — run `bench.run` again afterwards).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from pyinstrument import Profiler

import config
from bench.dataset import VAR, prepare
from bench.report import console, table

OUT = VAR / "profiles"


def _save(name: str, profiler: Profiler) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.txt"
    path.write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    console.print(profiler.output_text(unicode=True, color=True, show_all=False)[:6000])
    return path


def append(people: int, steps: int) -> None:
    from bench.append import share, sqlite_url
    from domain.app import Goodwill
    from synthetic.load import Loader, register_people
    from synthetic.plan import plan

    network = plan(people, 3.0, 1)
    url, path = sqlite_url()
    app = Goodwill.from_url(url)
    register_people(app, network)
    loader = Loader(app, network)
    profiler = Profiler(interval=0.0005)
    todo = share(network, 0, 1)
    with profiler:
        for _ in range(steps):
            loader.apply(next(todo))
    app.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    console.print(f"saved {_save('append', profiler)}")


def export(kind: str, size: int) -> None:
    """One import of bench.import_speed's generated files (`size` rows or occurrences) on a
    fresh SQLite store, read, planned and applied under the profiler."""
    from datetime import timedelta

    from bench import import_speed as speed
    from domain.contacts import ical, linkedin
    from domain.contacts.apply import apply
    from domain.contacts.plan import plan, plan_meetings
    from domain.imports import handle_id

    people = 0 if kind == "linkedin" else 1000
    text = speed.connections(size)[0] if kind == "linkedin" else speed.calendar(size, people)[0]
    app, store = speed._fresh(people)
    OUT.mkdir(parents=True, exist_ok=True)
    source = OUT / ("Connections.csv" if kind == "linkedin" else "calendar.ics")
    source.write_text(text, encoding="utf-8", newline="")
    importer = handle_id(speed.IMPORTER)
    profiler = Profiler(interval=0.001)
    try:
        with profiler:
            planned = plan(app, importer, linkedin.read(source)) if kind == "linkedin" else \
                plan_meetings(app, importer, ical.read(source, speed.END + timedelta(days=1)))
            apply(app, planned, source=kind, batch=speed.BATCH)
    finally:
        app.close()
        speed._remove(store)
        source.unlink(missing_ok=True)
    console.print(f"saved {_save(f'import-{kind}', profiler)}")


def projection(people: int, batches: int, batch: int) -> None:
    import cypher
    from bench import graph_guard
    from domain.app import Goodwill
    from graph.connection import connect
    from graph.sessions import open_session
    from projector import batch as batching
    from projector.projector import Projector

    dataset = prepare(people, 3.0, 1)
    app = Goodwill.from_url(dataset.url)
    neo4j = config.load().neo4j
    driver = connect(neo4j)
    graph_guard.claim(driver, neo4j.uri)  # it wipes: only a graph of the benchmarks'
    projector = Projector(app, driver)
    projector.wipe()
    projector.ensure_schema()
    start = min(app.max_notification_id() // 2, 300_000)
    while projector.position() < start:
        projector.run_once(min(5000, start - projector.position()))
    spent: dict[str, float] = defaultdict(float)
    rows_of: dict[str, int] = defaultdict(int)
    sample: dict[str, list[dict[str, Any]]] = {}
    profiler = Profiler(interval=0.001)
    events = 0
    with profiler:
        for _ in range(batches):
            position = projector.position()
            notes = app.recorder.select_notifications(start=position + 1, limit=batch)
            t = time.perf_counter()
            decoded = [e for _, e in projector._decode_all(notes) if e is not None]
            spent["python: decode events"] += time.perf_counter() - t
            with open_session(driver) as session, session.begin_transaction() as tx:
                projector.tracking.lock(tx, projector.name)
                t = time.perf_counter()
                context = projector._context(tx, decoded)
                spent["cypher: lookups (pairs, claims, referrals)"] += time.perf_counter() - t
                t = time.perf_counter()
                statements = batching.plan(decoded, context, projector.settings)
                spent["python: plan rows"] += time.perf_counter() - t
                for name, rows in statements:
                    t = time.perf_counter()
                    tx.run(cypher.load(f"projection/{name}"), rows=rows).consume()
                    spent[f"cypher: {name}"] += time.perf_counter() - t
                    rows_of[name] += len(rows)
                    sample.setdefault(name, rows)
                t = time.perf_counter()
                from eventsourcing.persistence import Tracking

                projector.tracking.advance(tx, Tracking(projector.name, notes[-1].id), None)
                tx.commit()
                spent["cypher: position + commit"] += time.perf_counter() - t
            events += len(notes)
    total = sum(spent.values())
    table(f"Projection: where {events:,} events' time goes ({total:.1f} s, "
          f"{events / total:,.0f} events/s)", ["part", "s", "share %", "rows"],
          [(k, round(v, 2), round(100 * v / total, 1), rows_of.get(k.split(": ")[-1]))
           for k, v in sorted(spent.items(), key=lambda kv: -kv[1])])
    console.print(f"saved {_save('projection', profiler)}")
    heaviest = [k.split(": ")[-1] for k, _ in sorted(spent.items(), key=lambda kv: -kv[1])
                if k.startswith("cypher: ") and k.split(": ")[-1] in sample][:2]
    for name in heaviest:  # PROFILE inside a transaction that is rolled back
        with open_session(driver) as session, session.begin_transaction() as tx:
            result = tx.run("PROFILE " + cypher.load(f"projection/{name}"), rows=sample[name])
            summary = result.consume()
            tx.rollback()
        _print_plan(name, summary.profile)
    app.close()
    driver.close()


def _print_plan(name: str, plan: dict[str, Any] | None) -> None:
    rows: list[tuple[str, int, int]] = []

    def walk(node: dict[str, Any], depth: int) -> None:
        rows.append(("  " * depth + node.get("operatorType", "?"), int(node.get("dbHits", 0)),
                     int(node.get("rows", 0))))
        for child in node.get("children", []):
            walk(child, depth + 1)

    if plan:
        walk(plan, 0)
    table(f"Neo4j PROFILE of {name} (one batch, rolled back)", ["operator", "db hits", "rows"],
          rows)


def warm(people: int, queries: int) -> None:
    from bench.warm import pick_queries
    from graph.connection import connect, connect_async
    from graph.reads import GraphReads
    from reads import paths

    neo4j = config.load().neo4j
    driver = connect(neo4j)
    pairs = pick_queries(driver, queries, 7)
    driver.close()

    async def run() -> dict[str, float]:
        adriver = connect_async()
        spent: dict[str, float] = defaultdict(float)
        calls: dict[str, int] = defaultdict(int)

        class TimedReads(GraphReads):
            async def rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
                t = time.perf_counter()
                try:
                    return await super().rows(name, **params)
                finally:
                    spent[name] += time.perf_counter() - t
                    calls[name] += 1

        reads = TimedReads(adriver)
        profiler = Profiler(interval=0.0005, async_mode="enabled")
        started = time.perf_counter()
        with profiler:
            for source, target in pairs:
                await paths.warm_introductions(reads, source, target, "person", 3, 5)
        total = time.perf_counter() - started
        await adriver.close()
        table(f"Warm introductions: {len(pairs)} queries, {total:.1f} s "
              f"({1000 * total / len(pairs):.0f} ms each)",
              ["Cypher statement (first line)", "calls", "s", "share %"],
              [(k, calls[k], round(v, 2), round(100 * v / total, 1)) for k, v in
               sorted(spent.items(), key=lambda kv: -kv[1])]
              + [("python (ranking, explanation, driver)", None,
                  round(total - sum(spent.values()), 2),
                  round(100 * (total - sum(spent.values())) / total, 1))])
        console.print(f"saved {_save('warm', profiler)}")
        return spent

    asyncio.run(run())


def api(people: int, queries: int, request: str) -> None:
    """`queries` requests of bench/graphql/<request>.graphql to the API as a child process
    (uvicorn, as `bench.warm` runs it), for people with 20 ties or more of the benchmarks'
    graph (`bench.library_comparison` leaves it), after 30 untimed: first the API process's
    CPU per request (/proc, unprofiled), then the same under pyinstrument's command line."""
    import signal

    import httpx

    from bench import machine
    from bench.warm import ApiServer, graphql
    from graph.connection import connect

    dataset = prepare(people, 3.0, 1)
    driver = connect(config.load().neo4j)
    records = driver.execute_query(machine.statement("sample_people")).records
    driver.close()
    ids = [r["id"] for r in records if r["degree"] >= 20] or [r["id"] for r in records]
    query = graphql(request)
    OUT.mkdir(parents=True, exist_ok=True)
    saved = OUT / f"api_{request}.txt"

    def cpu_s(pid: int) -> float:  # utime + stime of the process
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    for profiled in (False, True):
        wrap = ["-m", "pyinstrument", "-i", "0.0005", "-r", "text", "-o", str(saved)]
        server = ApiServer(dataset.url, wrap if profiled else [])
        try:
            server.wait()
            headers = {"Authorization": f"Bearer {server.token()}"}
            with httpx.Client(base_url=server.url, timeout=60, headers=headers) as client:
                def ask(person: str) -> int:
                    body = client.post("/graphql", json={
                        "query": query, "variables": {"id": person, "first": 20}}).json()
                    assert not body.get("errors"), body["errors"]
                    return int(body["extensions"]["cypherRoundTrips"])
                for person in ids[:30]:
                    round_trips = ask(person)
                cpu, started = cpu_s(server.process.pid), time.perf_counter()
                for i in range(queries):
                    ask(ids[i % len(ids)])
                took = time.perf_counter() - started
                cpu = cpu_s(server.process.pid) - cpu
        finally:
            if profiled:  # pyinstrument writes its report when uvicorn exits on SIGINT
                server.process.send_signal(signal.SIGINT)
                server.process.wait(60)
            else:
                server.stop()
        console.print(f"{request}{' (profiled)' if profiled else ''}: {queries} requests, "
                      f"{1000 * took / queries:.1f} ms each, {1000 * cpu / queries:.2f} ms of "
                      f"API CPU each, {round_trips} Cypher round trip(s) each")
    console.print(saved.read_text()[:6000])
    console.print(f"saved {saved}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("append", "projection", "warm", "linkedin", "ical",
                                         "api"))
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--steps", type=int, default=None)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--request", default="person_ties",
                        help="api: the bench/graphql query to send")
    args = parser.parse_args(argv)
    if args.what == "append":
        append(args.people or 1000, args.steps or 3000)
    elif args.what in ("linkedin", "ical"):
        export(args.what, args.steps or (5000 if args.what == "linkedin" else 6000))
    elif args.what == "projection":
        projection(args.people or 10000, args.batches, args.batch)
    elif args.what == "api":
        api(args.people or 1000, args.queries, args.request)
    else:
        warm(args.people or 10000, args.queries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
