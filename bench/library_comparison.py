"""Goodwill's GraphQL API beside the library a user would pick instead: `@neo4j/graphql`
(Apollo Server, Node; `bench/neo4j_graphql/`, pinned by its lockfile) on the same graph,
and the same reads over raw Bolt (the floor), interleaved in one run.

    python -m bench.library_comparison [--people 10000] [--queries 300] [--wipe-graph]

Queries, each for the same people (drawn among those with at least 20 ties):
- person by id: `person(id) { id name headline }`;
- person + 20 ties with names: `person(id) { id name ties(first: 20) { … other { id name } } }`,
  most recently active first (the anchor sorts its `knowsConnection` the same way);
- warm introductions, top 5 within 3 hops, each path's people and warmth: the anchor runs
  Goodwill's ranking as one `@cypher` statement (`cypher/bench/anchor_warm_introductions`),
  raw Bolt is Goodwill's own search (`reads.paths`) without the API; the pairs are drawn as
  `bench.warm` draws them (half two hops apart, half anyone).
Before timing, every answer of the three is checked equal (ids, names, order); a
difference stops the run. Each round runs the three in a rotating order, so all see the
same caches. The graph at NEO4J_URI must be empty or the benchmarks' own
(`bench.graph_guard`): it is rebuilt from the generated network when it holds another one.
Writes bench/results/library_comparison.json (p50/p95 and the ratios). Part of `make bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

import config
from bench import dataset, graph_guard, machine, report
from bench.report import console, table
from bench.warm import ApiServer, free_port, graphql, percentiles, pick_queries
from scoring.strength import DEFAULT

ANCHOR = Path(__file__).resolve().parent / "neo4j_graphql"
TIES = 20
QUERIES = ("person_by_id", "person_ties", "warm_paths")
Answer = Any  # what each path returns, in one shape, for the equality check


class AnchorServer:
    """`node server.mjs` of bench/neo4j_graphql on a free port, as a child process."""

    def __init__(self, neo4j: config.Neo4jSettings) -> None:
        if not (ANCHOR / "node_modules").exists():
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ANCHOR, check=True)
        self.port = free_port()
        env = {**os.environ, "NEO4J_URI": neo4j.uri, "NEO4J_USER": neo4j.user,
               "NEO4J_PASSWORD": neo4j.password, "PORT": str(self.port)}
        self.process = subprocess.Popen(["node", "server.mjs"], cwd=ANCHOR, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)
        line = self.process.stdout.readline() if self.process.stdout else ""
        if not line.startswith("ready"):
            raise RuntimeError(f"@neo4j/graphql did not start: {line}"
                               f"{self.process.stderr.read() if self.process.stderr else ''}")
        self.url = f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(15)


def _anchor_query(name: str) -> str:
    return (ANCHOR / "queries" / f"{name}.graphql").read_text(encoding="utf-8")


def _post(client: httpx.Client, url: str, query: str, variables: dict[str, Any],
          headers: dict[str, str] | None = None) -> dict[str, Any]:
    body = client.post(url, json={"query": query, "variables": variables},
                       headers=headers or {}).json()
    if body.get("errors"):
        raise RuntimeError(f"{url}: {body['errors'][0].get('message')}")
    data: dict[str, Any] = body["data"]
    return data


class Paths:
    """The three ways to ask each query, each returning the answer in one shape. A query's
    key is a person id, or a (source, target) pair for warm paths."""

    def __init__(self, client: httpx.Client, api: ApiServer, token: str, anchor: AnchorServer,
                 driver: Any) -> None:
        from graph.connection import connect_async
        from graph.reads import GraphReads

        self.client, self.api, self.anchor, self.driver = client, api, anchor, driver
        self.auth = {"Authorization": f"Bearer {token}"}
        self.goodwill_url = f"{api.url}/graphql"
        self.queries = {name: (graphql(name), _anchor_query(name)) for name in QUERIES}
        self.statements = {name: machine.statement(f"{name}_raw")
                           for name in ("person_by_id", "person_ties")}
        self.loop = asyncio.new_event_loop()  # raw Bolt warm paths: Goodwill's own reads
        self.async_driver = connect_async()
        self.reads = GraphReads(self.async_driver)

    def close(self) -> None:
        self.loop.run_until_complete(self.async_driver.close())
        self.loop.close()

    def goodwill(self, name: str, key: Any) -> Answer:
        if name == "warm_paths":
            data = _post(self.client, self.goodwill_url, self.queries[name][0],
                         {"from": key[0], "to": key[1]}, self.auth)["warmIntroductions"]
            return [tuple(item["pathIds"]) for item in data["items"]]
        data = _post(self.client, self.goodwill_url, self.queries[name][0],
                     {"id": key, "first": TIES}, self.auth)["person"]
        if name == "person_by_id":
            return (data["id"], data["name"], data["headline"] or "")
        return (data["id"], data["name"], [(t["other"]["id"], t["other"]["name"])
                                           for t in data["ties"]["items"]])

    def library(self, name: str, key: Any) -> Answer:
        if name == "warm_paths":
            params = DEFAULT.params(datetime.now(UTC))
            variables = {"source": key[0], "target": key[1], "t": params["t"],
                         "epochUnix": params["epochUnix"], "halfLife": params["halfLife"],
                         "k": params["k"], "rMin": DEFAULT.reciprocity_min,
                         "prior": DEFAULT.reciprocity_prior}
            paths = _post(self.client, self.anchor.url, self.queries[name][1],
                          variables)["warmIntroductions"]
            return [tuple(path["people"]) for path in paths]
        data = _post(self.client, self.anchor.url, self.queries[name][1],
                     {"id": key, "first": TIES})["people"][0]
        if name == "person_by_id":
            return (data["id"], data["name"], data["headline"] or "")
        return (data["id"], data["name"], [(e["node"]["id"], e["node"]["name"])
                                           for e in data["knowsConnection"]["edges"]])

    def raw(self, name: str, key: Any) -> Answer:
        if name == "warm_paths":
            from reads.paths import warm_introductions

            found = self.loop.run_until_complete(
                warm_introductions(self.reads, key[0], key[1], "person", 3, 5))
            return [tuple(path.people) for path in found.paths]
        record = self.driver.execute_query(self.statements[name], id=key, first=TIES,
                                           routing_="r").records[0]
        if name == "person_by_id":
            return (record["id"], record["name"], record["headline"] or "")
        return (record["id"], record["name"], [(t["id"], t["name"]) for t in record["ties"]])


def measure(paths: Paths, keys: dict[str, list[Any]], queries: int) -> dict[str, Any]:
    """`keys`: what each query is asked for (its first 50 are checked equal first)."""
    ways: dict[str, Callable[[str, Any], Answer]] = {
        "goodwill": paths.goodwill, "neo4j_graphql": paths.library, "raw_bolt": paths.raw}
    results: dict[str, Any] = {}
    for name, asked in keys.items():
        for key in asked[:50]:  # the same answers, or the comparison means nothing
            answers = {way: ask(name, key) for way, ask in ways.items()}
            if len({repr(a) for a in answers.values()}) != 1:
                raise RuntimeError(f"{name} for {key}: the answers differ: {answers}")
        samples: dict[str, list[float]] = {way: [] for way in ways}
        order = list(ways)
        for i in range(queries):
            key = asked[i % len(asked)]
            order = order[1:] + order[:1]  # rotate who goes first
            for way in order:
                started = time.perf_counter()
                ways[way](name, key)
                samples[way].append(time.perf_counter() - started)
        figures = {way: percentiles(s) for way, s in samples.items()}
        own, anchor, floor = figures["goodwill"], figures["neo4j_graphql"], figures["raw_bolt"]
        results[name] = {**figures, "ratio_to_neo4j_graphql": {
            q: round(own[f"{q}_ms"] / anchor[f"{q}_ms"], 2) for q in ("p50", "p95")},
            "ratio_to_raw_bolt": {
            q: round(own[f"{q}_ms"] / floor[f"{q}_ms"], 2) for q in ("p50", "p95")}}
    return results


def run(people: int, queries: int, seed: int, driver: Any, neo4j: config.Neo4jSettings
        ) -> dict[str, Any]:
    from bench.run import same_network
    from domain.app import Goodwill

    with console.status(f"generating {people:,} people (reused when already loaded) …"):
        data = dataset.prepare(people, 3.0, seed)
    app = Goodwill.from_url(data.url)
    try:
        same_network(app, driver, people)
    finally:
        app.close()
    records = driver.execute_query(machine.statement("sample_people")).records
    # people with a full page of ties (the best-connected when a small network has none)
    ranked = sorted(records, key=lambda r: (-min(r["degree"], TIES), r["id"]))
    chosen = [r["id"] for r in ranked if r["degree"] >= min(TIES, ranked[0]["degree"])]
    random.Random(seed).shuffle(chosen)
    chosen = chosen[:200]
    keys = {"person_by_id": chosen, "person_ties": chosen,
            "warm_paths": pick_queries(driver, 200, seed)}
    api, anchor = ApiServer(data.url), AnchorServer(neo4j)
    try:
        api.wait()
        with httpx.Client(timeout=60) as client:
            paths = Paths(client, api, api.token(), anchor, driver)
            try:
                warm_up = min(len(chosen), 30)  # JIT, caches, connection pools
                measure(paths, {name: asked[:warm_up] for name, asked in keys.items()},
                        warm_up)
                results = measure(paths, keys, queries)
            finally:
                paths.close()
    finally:
        api.stop()
        anchor.stop()
    return {"people": people, "queries": queries, "ties": TIES, "results": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.library_comparison",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300, help="timed queries per path")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=report.RESULTS,
                        help="where library_comparison.json goes")
    parser.add_argument("--wipe-graph", action="store_true",
                        help="use the graph at NEO4J_URI even if it is not the benchmarks'")
    args = parser.parse_args(argv)
    driver = graph_guard.claimed(args.wipe_graph)
    if driver is None:
        return 2
    neo4j = config.load().neo4j
    try:
        facts = machine.facts(driver)
        entry = run(args.people, args.queries, args.seed, driver, neo4j)
        graph_guard.mark(driver)
    finally:
        driver.close()
    rows = []
    for name, figures in entry["results"].items():
        for way in ("goodwill", "neo4j_graphql", "raw_bolt"):
            rows.append((name, way, figures[way]["p50_ms"], figures[way]["p95_ms"]))
        ratio = figures["ratio_to_neo4j_graphql"]
        rows.append((name, "Goodwill ÷ @neo4j/graphql", ratio["p50"], ratio["p95"]))
    table(f"Goodwill beside @neo4j/graphql ({args.people:,} people)",
          ["query", "path", "p50 ms", "p95 ms"], rows)
    settings = {"people": args.people, "queries": args.queries, "seed": args.seed,
                "neo4j_graphql": "7.6.3 on @apollo/server 5.5.1 (bench/neo4j_graphql)"}
    path = report.write(args.out, "library_comparison", str(args.people), entry, facts,
                        settings)
    console.print(f"results in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
