"""The side-by-side benchmark with @neo4j/graphql runs end to end on a small generated
network: Goodwill's API, the library and raw Bolt give the same answers (the benchmark
stops when they differ) and every path is timed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neo4j import Driver

from bench import library_comparison
from config import Neo4jSettings

pytestmark = pytest.mark.neo4j


def test_the_three_paths_agree_and_are_timed(graph: Driver, neo4j_settings: Neo4jSettings,
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    assert library_comparison.main(["--people", "60", "--queries", "6",
                                    "--out", str(tmp_path)]) == 0
    entry = json.loads((tmp_path / "library_comparison.json").read_text())["sizes"]["60"]
    for name in library_comparison.QUERIES:
        figures = entry["results"][name]
        for way in ("goodwill", "neo4j_graphql", "raw_bolt"):
            assert figures[way]["n"] == 6
            assert figures[way]["p50_ms"] > 0
        assert figures["ratio_to_neo4j_graphql"]["p50"] > 0


def test_answers_that_differ_stop_the_run(graph: Driver) -> None:
    class Disagreeing:
        def goodwill(self, name: str, pid: str) -> object:
            return (pid, "A", [])

        def library(self, name: str, pid: str) -> object:
            return (pid, "B", [])

        raw = goodwill

    with pytest.raises(RuntimeError, match="the answers differ"):
        library_comparison.measure(Disagreeing(), {"person_by_id": ["p1"]},  # type: ignore[arg-type]
                                   1)
