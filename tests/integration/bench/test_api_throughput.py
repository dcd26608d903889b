"""The API throughput benchmark end to end on a small network: one API process answers
every client count with no errors, and the JSON holds the figures docs/scale.md quotes.
Asserts facts, never timings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neo4j import Driver

from bench import api_throughput
from config import Neo4jSettings

pytestmark = pytest.mark.neo4j


def test_one_api_process_under_one_and_two_clients(graph: Driver, neo4j_settings: Neo4jSettings,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    output = tmp_path / "api_throughput.json"

    assert api_throughput.main(["--people", "300", "--seconds", "1", "--clients", "1,2",
                                "--rounds", "1", "--output", str(output)]) == 0

    report = json.loads(output.read_text())
    assert report["benchmark"] == "api_throughput"
    results = report["results"]
    assert set(results["by_clients"]) == {"1", "2"}
    for entry in results["by_clients"].values():
        assert entry["queries"] > 0 and entry["errors"] == 0
        assert set(entry["latency_by_query"]) == set(api_throughput.MIX)
        assert entry["api_cpu_ms_per_query"] > 0
    assert results["by_clients"]["1"]["throughput_vs_one_client"] == 1.0
    assert results["per_core_ceiling"]["api_process_queries_per_second"] > 0
