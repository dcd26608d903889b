"""How each cost grows with the network: the figures the benchmarks wrote at 1k, 10k and
100k people, and the growth exponent k of cost ∝ people^k (the least-squares slope of
log cost against log people over every size measured; k ≈ 0 is flat, 1 linear).

    python -m bench.growth [--results bench/results]

Reads bench/results/*.json (only entries on the generator's default network: a run on a
sparser one is another network, not another size) and writes bench/results/growth.json.
Costs are times: latencies, whole-run seconds, and seconds per event for rates. Part of
`make bench`, after the runs whose figures it reads.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench import report
from bench.report import console, table

Figure = tuple[str, str, Callable[[dict[str, Any]], float | None]]  # name, unit, reader


def _get(entry: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(entry, dict):
            return None
        entry = entry.get(key)  # type: ignore[assignment]
    return entry


def _at(*keys: str) -> Callable[[dict[str, Any]], Any]:
    return lambda entry: _get(entry, *keys)


def _per_event(rate: Any) -> float | None:
    return 1e6 / rate if rate else None  # µs


def _figures() -> Iterator[tuple[str, Figure]]:
    for query, label in (("person_by_id", "person by id"),
                         ("person_ties", "person + 20 ties"),
                         ("warm_paths", "warm paths, beside the library")):
        for way, who in (("goodwill", "Goodwill GraphQL"), ("neo4j_graphql", "@neo4j/graphql"),
                         ("raw_bolt", "raw Bolt")):
            for q in ("p50", "p95"):
                yield "library_comparison", (f"{label}, {who} {q}", "ms",
                                             _at("results", query, way, f"{q}_ms"))
    for way, who in (("graphql_http", "GraphQL"), ("raw_bolt", "raw Bolt")):
        for q in ("p50", "p95"):
            yield "warm_introductions", (f"warm introductions, {who} {q}", "ms",
                                         _at("results", way, f"{q}_ms"))
    yield "projection", ("projection follow, per event", "µs",
                         lambda e: _per_event(_get(e, "results", "follow", "events_per_second")))
    yield "projection", ("online rebuild", "s", _at("results", "rebuild", "seconds"))
    yield "rebuild_offline", ("offline rebuild", "s", _at("seconds", "offline"))
    yield "rebuild_offline", ("neo4j-admin import of the same files", "s",
                              _at("seconds", "plain_import"))
    yield "influence", ("influence job", "s", _at("results", "seconds"))


def exponent(points: dict[int, float]) -> float | None:
    """The least-squares slope of log(cost) on log(people); None below two sizes."""
    if len(points) < 2:
        return None
    xs = [math.log(p) for p in points]
    ys = [math.log(v) for v in points.values()]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    return round(sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / spread, 2)


def _default_network(entry: dict[str, Any]) -> bool:
    return "mean_degree" not in (entry.get("run_settings") or {})


def growth(results: Path) -> list[dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = {}
    rows = []
    for benchmark, (name, unit, read) in _figures():
        if benchmark not in loaded:
            path = results / f"{benchmark}.json"
            loaded[benchmark] = json.loads(path.read_text()) if path.exists() else {}
        points: dict[int, float] = {}
        dates: dict[int, str] = {}
        for size, entry in (loaded[benchmark].get("sizes") or {}).items():
            value = read(entry) if size.isdigit() and _default_network(entry) else None
            if value:
                points[int(size)], dates[int(size)] = float(value), entry.get("date", "")[:10]
        if points:
            rows.append({"figure": name, "unit": unit, "benchmark": benchmark,
                         "by_people": {str(p): round(v, 3) for p, v in sorted(points.items())},
                         "measured_on": {str(p): d for p, d in sorted(dates.items())},
                         "exponent": exponent(points)})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.growth", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path, default=report.RESULTS)
    args = parser.parse_args(argv)
    rows = growth(args.results)
    table("How cost grows with the network (cost ∝ people^k)",
          ["figure", "unit", "1k", "10k", "100k", "k"],
          [(r["figure"], r["unit"], *(r["by_people"].get(s) for s in ("1000", "10000", "100000")),
            r["exponent"]) for r in rows])
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / "growth.json"
    path.write_text(json.dumps({"benchmark": "growth", "date": report.now(),
                                "figures": rows}, indent=2) + "\n")
    console.print(f"results in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
