"""The 1k-size benchmark pipeline end to end against the real Neo4j and a real SQLite event
store: generate → project → warm introductions → influence → JSON results. Asserts facts
(counts, keys), never timings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neo4j import Driver

from bench import machine
from bench.run import main
from config import Neo4jSettings
from graph.connection import connect
from synthetic.plan import plan

pytestmark = pytest.mark.neo4j

REQUIRED = {"benchmark", "date", "machine", "settings", "sizes"}


def test_smoke_pipeline(graph: Driver, neo4j_settings: Neo4jSettings, tmp_path: Path,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    """On an empty graph: the benchmarks wipe only a graph that is empty or their own."""
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    monkeypatch.delenv("GOODWILL_BENCH_POSTGRES_URL", raising=False)
    expected = plan(1000, 3.0, 1)

    assert main(["--smoke", "--out", str(tmp_path), "--skip", "append"]) == 0

    for name in ("bulk_load", "projection", "warm_introductions", "influence", "memory"):
        report = json.loads((tmp_path / f"{name}.json").read_text())
        assert report.keys() >= REQUIRED, name
        assert report["machine"]["nproc"] >= 1 and report["machine"]["neo4j"]
        assert "1000" in report["sizes"], name
    sizes = lambda name: json.loads((tmp_path / f"{name}.json").read_text())["sizes"]["1000"]  # noqa: E731
    assert sizes("bulk_load")["results"]["events"] == expected.expected_events()
    assert sizes("bulk_load")["network"]["people"] == 1000
    projection = sizes("projection")["results"]
    assert projection["rebuild"]["events"] == expected.expected_events()
    assert sizes("warm_introductions")["results"]["raw_bolt"]["n"] >= 1
    assert "available" in sizes("influence")["results"]
    assert sizes("memory")["results"]["neo4j"]["heap_max_mb"] > 0
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["sizes"]["targets"]["targets"]

    with connect(neo4j_settings) as driver:
        counts = driver.execute_query(machine.statement("graph_counts")).records[0]
    assert counts["people"] == 1000
    assert counts["knows"] == expected.network.tie_count()
    assert counts["position"] == expected.expected_events()
