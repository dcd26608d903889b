"""Queries per second of one API process: the main GraphQL reads (a person card, a tie and
its history, a ledger, warm introductions, a people search) sent back to back over HTTP by
1, 4 and 8 clients to one `uvicorn api.app:create_app` child process over a generated
network; with the CPU the API process and Neo4j each spend per query, which says which of
the two a second API process (or a read replica) would relieve.

    python -m bench.api_throughput [--people 1000] [--seconds 8] [--clients 1,4,8]
                                   [--rounds 2] [--wipe-graph]

The client counts run interleaved (`--rounds`, the order alternating), so the machine's
other load weighs on each alike; throughput is given as a ratio to one client too. The
network is the benchmarks' SQLite store of `bench.dataset` (loaded once, then reused),
projected into the graph at NEO4J_URI, which must be empty or the benchmarks' own
(`bench.graph_guard`; `--wipe-graph` to use another anyway). Writes
bench/results/api_throughput.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import graph_guard, machine
from bench.dataset import prepare
from bench.warm import ApiServer, percentiles, pick_queries

RESULTS = Path(__file__).resolve().parent / "results" / "api_throughput.json"
PERSON = """query($a: ID!) { person(id: $a) { name headline given received
    ties(first: 10) { items { strength other { name } } } } }"""
RELATIONSHIP = """query($a: ID!, $b: ID!) { relationship(a: $a, b: $b) {
    connected strength interactions history(first: 20) { items { kind at } } } }"""
LEDGER = """query($a: ID!) { ledger(person: $a, first: 20) {
    items { kind direction at counterpart { name } } } }"""
WARM = """query($a: ID!, $b: ID!) { warmIntroductions(from: $a, to: {person: $b}, maxHops: 3,
    first: 5) { items { warmth broker { name } hops { explanation } } } }"""
SEARCH = """query($q: String!) { people(search: $q, first: 20) { items { name } } }"""
MIX = ("person", "relationship", "ledger", "warm", "search")
SEARCHES = ("an", "son", "ber", "li", "ma")


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process (and its reaped children) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


Request = tuple[str, str, dict[str, Any]]  # kind, query, variables


def requests_for(pairs: list[tuple[str, str]], seed: int) -> list[Request]:
    """(kind, query, variables) in a fixed, shuffled order, every kind as often."""
    rng = random.Random(seed)
    chosen: list[Request] = []
    for index, (a, b) in enumerate(pairs):
        chosen += [("person", PERSON, {"a": a}),
                   ("relationship", RELATIONSHIP, {"a": a, "b": b}),
                   ("ledger", LEDGER, {"a": a}), ("warm", WARM, {"a": a, "b": b}),
                   ("search", SEARCH, {"q": SEARCHES[index % len(SEARCHES)]})]
    rng.shuffle(chosen)
    return chosen


@dataclass
class Phase:
    """What `clients` clients got from the API in one timed phase."""

    clients: int
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in MIX})
    errors: int = 0
    api_cpu_s: float = 0.0
    neo4j_cpu_s: float | None = None

    @property
    def answered(self) -> int:
        return sum(len(taken) for taken in self.latencies.values())


def run_phase(server: ApiServer, token: str, work: list[Request],
              clients: int, seconds: float, neo4j_pid: int | None) -> Phase:
    import httpx

    phase = Phase(clients)
    lock = threading.Lock()
    stop = threading.Event()

    def client(offset: int) -> None:
        with httpx.Client(base_url=server.url, timeout=60,
                          headers={"Authorization": f"Bearer {token}"}) as http:
            index = offset
            while not stop.is_set():
                kind, query, variables = work[index % len(work)]
                index += clients
                started = time.perf_counter()
                body = http.post("/graphql", json={"query": query,
                                                   "variables": variables}).json()
                taken = time.perf_counter() - started
                with lock:
                    if body.get("errors"):
                        phase.errors += 1
                    else:
                        phase.latencies[kind].append(taken)

    # each client starts at its own place in the work list
    threads = [threading.Thread(target=client, args=(n * 7919,)) for n in range(clients)]
    api_before = _cpu_seconds(server.process.pid)
    neo4j_before = _cpu_seconds(neo4j_pid) if neo4j_pid else None
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(120)
    phase.seconds = time.perf_counter() - started
    phase.api_cpu_s = _cpu_seconds(server.process.pid) - api_before
    if neo4j_pid and neo4j_before is not None:
        phase.neo4j_cpu_s = _cpu_seconds(neo4j_pid) - neo4j_before
    return phase


def summarise(phases: list[Phase]) -> dict[str, Any]:
    """The phases of one client count, pooled."""
    answered = sum(p.answered for p in phases)
    seconds = sum(p.seconds for p in phases)
    pooled = [t for p in phases for taken in p.latencies.values() for t in taken]
    neo4j = [p.neo4j_cpu_s for p in phases if p.neo4j_cpu_s is not None]

    def per_query(cpu_s: float) -> float | None:
        return round(cpu_s / answered * 1000, 2) if answered else None

    return {
        "clients": phases[0].clients, "queries": answered, "seconds": round(seconds, 2),
        "errors": sum(p.errors for p in phases),
        "queries_per_second": round(answered / seconds, 1) if seconds else 0.0,
        "latency": percentiles(pooled),
        "latency_by_query": {kind: percentiles([t for p in phases for t in p.latencies[kind]])
                             for kind in MIX},
        "api_cpu_ms_per_query": per_query(sum(p.api_cpu_s for p in phases)),
        "neo4j_cpu_ms_per_query": per_query(sum(neo4j)) if neo4j else None,
        # cores' worth of CPU each process used: well under the machine's, the rest of its
        # load (other processes) held the answers back
        "api_cpu_share": round(sum(p.api_cpu_s for p in phases) / seconds, 2),
        "neo4j_cpu_share": round(sum(neo4j) / seconds, 2) if neo4j else None,
    }


def measure(url: str, driver: Any, clients: list[int], seconds: float, rounds: int,
            seed: int) -> dict[str, Any]:
    pairs = pick_queries(driver, 60, seed)
    work = requests_for(pairs, seed)
    neo4j_pid = machine.neo4j_pid()
    server = ApiServer(url)
    phases: dict[int, list[Phase]] = {count: [] for count in clients}
    try:
        server.wait()
        token = server.token()
        run_phase(server, token, work, max(clients), min(seconds, 3.0), neo4j_pid)  # warm up
        for round_ in range(rounds):
            order = clients if round_ % 2 == 0 else clients[::-1]
            for count in order:
                phases[count].append(run_phase(server, token, work, count, seconds, neo4j_pid))
        memory = server.memory()
    finally:
        server.stop()
    by_clients = {str(count): summarise(taken) for count, taken in phases.items()}
    single = by_clients[str(min(clients))]["queries_per_second"] or 1.0
    for entry in by_clients.values():
        entry["throughput_vs_one_client"] = round(entry["queries_per_second"] / single, 2)
    best = max(by_clients.values(), key=lambda entry: entry["queries_per_second"])
    api_ms = best["api_cpu_ms_per_query"]
    neo4j_ms = best["neo4j_cpu_ms_per_query"]
    return {"by_clients": by_clients, "peak_queries_per_second": best["queries_per_second"],
            "peak_at_clients": best["clients"],
            # what a core of its own would give: the API process is one Python process (one
            # core at most); Neo4j's CPU per query scales with the cores it has
            "per_core_ceiling": {
                "api_process_queries_per_second": round(1000 / api_ms, 1) if api_ms else None,
                "neo4j_queries_per_second_per_core": round(1000 / neo4j_ms, 1)
                if neo4j_ms else None},
            "api_memory": memory, "pairs": len(pairs),
            "neo4j_cpu_measured": neo4j_pid is not None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api_throughput", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=8.0, help="per phase")
    parser.add_argument("--clients", default="1,4,8", help="client counts, comma-separated")
    parser.add_argument("--rounds", type=int, default=2,
                        help="phases per client count, interleaved")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--wipe-graph", action="store_true",
                        help="write into the graph at NEO4J_URI even if it is not ours")
    args = parser.parse_args(argv)
    clients = sorted({int(value) for value in args.clients.split(",") if value.strip()})

    from domain.app import Goodwill
    from projector.projector import Projector

    driver = graph_guard.claimed(args.wipe_graph)
    if driver is None:
        return 2
    try:
        dataset = prepare(args.people, args.years, args.seed)
        app = Goodwill.from_url(dataset.url)
        try:
            Projector(app, driver).rebuild(5000)  # this network, whatever the graph held
        finally:
            app.close()
        graph_guard.mark(driver)  # the rebuild's wipe removed the mark
        load_before = os.getloadavg()
        results = measure(dataset.url, driver, clients, args.seconds, args.rounds, args.seed)
        results["load_average_1m"] = {"before": round(load_before[0], 2),
                                      "after": round(os.getloadavg()[0], 2)}
        facts = machine.facts(driver)
    finally:
        driver.close()
    report = {"benchmark": "api_throughput", "date": datetime.now(tz=UTC).isoformat(),
              "machine": facts,
              "settings": {"people": args.people, "years": args.years, "seed": args.seed,
                           "seconds_per_phase": args.seconds, "clients": clients,
                           "rounds": args.rounds, "mix": list(MIX),
                           "api": "one uvicorn process (projector inside, caught up)",
                           "store": "SQLite file (bench.dataset)"},
              "results": results}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({key: {k: v[k] for k in ("queries_per_second", "latency", "errors",
                                               "api_cpu_ms_per_query",
                                               "neo4j_cpu_ms_per_query")}
                      for key, v in results["by_clients"].items()}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
