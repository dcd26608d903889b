"""Fixtures for the projection tests: a real event store (SQLite file) and a real Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from domain.app import Goodwill
from projector.projector import Projector


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'events.sqlite'}"


@pytest.fixture
def app(store_url: str) -> Iterator[Goodwill]:
    application = Goodwill.from_url(store_url)
    yield application
    application.close()


@pytest.fixture
def projector(app: Goodwill, graph: Driver) -> Projector:
    return Projector(app, graph)
