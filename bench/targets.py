"""The targets the benchmarks report against, and which of them a run met. A target that was
not measured says so (None) rather than passing."""

from __future__ import annotations

from typing import Any

TARGETS = {
    "append_sqlite": "command append ≥ 5,000 events/s (SQLite)",
    "projection_rate": "projection (full rebuild) ≥ 10,000 events/s",
    "projection_vs_naive": "batched projection ≥ 10× naive, same events",
    "warm_p95": "warm-intro p95 ≤ 50 ms (at 100k people)",
    "graphql_overhead": "GraphQL ≤ 1.3× raw Bolt (p50)",
    "influence": "influence job ≤ 60 s (at 100k people)",
    "api_rss": "API peak RSS ≤ 300 MB",
}


def _row(key: str, size: str, measured: Any, goal: str, met: bool | None) -> dict[str, Any]:
    return {"key": key, "target": TARGETS[key], "size": size, "measured": measured,
            "goal": goal, "met": met}


def evaluate(figures: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in (figures.get("append") or {}).get("rows", []):
        if r["store"] == "sqlite":
            batch = r.get("batch", 1)
            label = f"{r['writers']} writer(s)" + (f", batches of {batch}" if batch > 1 else "")
            rows.append(_row("append_sqlite", label,
                             r["events_per_second"], "≥ 5000", r["events_per_second"] >= 5000))
    for size, f in figures.items():
        if not size.isdigit():
            continue
        at_scale = size == "100000"
        p = f.get("projection")
        if p:
            rate = p["rebuild"]["events_per_second"]
            rows.append(_row("projection_rate", size, rate, "≥ 10000", rate >= 10_000))
            rows.append(_row("projection_vs_naive", size, p["batched_vs_naive"], "≥ 10×",
                             p["batched_vs_naive"] >= 10))
        w = f.get("warm")
        if w:
            p95 = (w.get("graphql_http") or w.get("raw_bolt") or {}).get("p95_ms")
            if p95 is not None:
                rows.append(_row("warm_p95", size, p95, "≤ 50 ms",
                                 p95 <= 50 if at_scale else None))
            ratio = w.get("overhead_ratio_p50")
            rows.append(_row("graphql_overhead", size, ratio, "≤ 1.3×",
                             None if ratio is None else ratio <= 1.3))
            api = w.get("api_memory") or {}
            if api.get("peak_rss_mb") is not None:
                rows.append(_row("api_rss", size, api["peak_rss_mb"], "≤ 300 MB",
                                 api["peak_rss_mb"] <= 300))
        i = f.get("influence")
        if i is not None:
            seconds = i.get("seconds")
            rows.append(_row("influence", size, seconds, "≤ 60 s",
                             None if seconds is None or not at_scale else seconds <= 60))
    return rows
