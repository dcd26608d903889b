"""Fixtures for the projection tests: a real event store and a real Neo4j. Each test that
takes `store_url` (or `app`, `projector`) runs on SQLite (a temp file) and on PostgreSQL (a
schema of its own), except the modules about the graph's own files and limits, which the
store does not change and which are slow: those run on SQLite only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from domain.app import Goodwill
from projector.projector import Projector

GRAPH_SIDE_ONLY = {"test_forgotten_in_neo4j_files", "test_rebuild_offline",
                   "test_rebuild_large_graph", "test_graph_model_doc"}


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'events.sqlite'}"
    if request.module.__name__.rsplit(".", 1)[-1] in GRAPH_SIDE_ONLY:
        pytest.skip("about the graph's own files and limits: the store changes nothing")
    return str(request.getfixturevalue("postgres_store_url"))


@pytest.fixture
def app(store_url: str) -> Iterator[Goodwill]:
    application = Goodwill.from_url(store_url)
    yield application
    application.close()


@pytest.fixture
def projector(app: Goodwill, graph: Driver) -> Projector:
    return Projector(app, graph)
