"""The benchmarks never wipe a graph they did not create: a graph holding other data is
refused (exit 2, nothing touched), and a run of the append benchmark alone does not touch
the graph at NEO4J_URI at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver

from bench.run import main
from config import Neo4jSettings

pytestmark = pytest.mark.neo4j


@pytest.fixture
def someone_elses_graph(graph: Driver, neo4j_settings: Neo4jSettings,
                        monkeypatch: pytest.MonkeyPatch) -> Driver:
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    monkeypatch.delenv("GOODWILL_BENCH_POSTGRES_URL", raising=False)
    graph.execute_query("CREATE (:Person {id: 'real', name: 'A real member'})")
    return graph


def everything(driver: Driver) -> list[dict[str, object]]:
    records = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props").records
    return [record.data() for record in records]


def test_a_graph_the_benchmarks_did_not_create_is_refused(
        someone_elses_graph: Driver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = everything(someone_elses_graph)
    assert main(["--smoke", "--out", str(tmp_path), "--skip", "append"]) == 2
    assert "did not create" in capsys.readouterr().out
    assert everything(someone_elses_graph) == before
    assert not list(tmp_path.glob("*.json"))


def test_append_alone_does_not_touch_the_graph(someone_elses_graph: Driver,
                                               tmp_path: Path) -> None:
    before = everything(someone_elses_graph)
    assert main(["--smoke", "--out", str(tmp_path), "--append-seconds", "0.5",
                 "--skip", "projection,warm,influence"]) == 0
    assert (tmp_path / "append.json").exists()
    assert everything(someone_elses_graph) == before


def test_the_rebuild_heap_benchmark_refuses_a_graph_it_did_not_create(
        someone_elses_graph: Driver, capsys: pytest.CaptureFixture[str]) -> None:
    from bench import rebuild_heap

    before = everything(someone_elses_graph)
    assert rebuild_heap.main(["--people", "50"]) == 2
    assert "did not create" in capsys.readouterr().err
    assert everything(someone_elses_graph) == before


def test_a_graph_holding_only_the_rebuild_marker_counts_as_empty(graph: Driver) -> None:
    """A rebuild leaves its (:GraphRebuild) marker behind the wipe; the benchmarks' next run
    on their emptied graph must not take it for someone else's data."""
    from bench import graph_guard

    graph.execute_query("CREATE (:GraphRebuild {name: 'graph', active: false})")
    graph_guard.claim(graph, "bolt://test")  # raises ForeignGraph when not ours


def test_the_analyst_isolation_benchmark_refuses_a_graph_it_did_not_create(
        someone_elses_graph: Driver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench import analyst_isolation

    before = everything(someone_elses_graph)
    output = tmp_path / "analyst_isolation.json"
    assert analyst_isolation.main(["--requests", "4", "--output", str(output)]) == 2
    assert "did not create" in capsys.readouterr().err
    assert everything(someone_elses_graph) == before
    assert not output.exists()


def test_the_library_comparison_refuses_a_graph_it_did_not_create(
        someone_elses_graph: Driver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench import library_comparison

    before = everything(someone_elses_graph)
    assert library_comparison.main(["--people", "50", "--out", str(tmp_path)]) == 2
    assert "did not create" in capsys.readouterr().err
    assert everything(someone_elses_graph) == before
    assert not list(tmp_path.glob("*.json"))
