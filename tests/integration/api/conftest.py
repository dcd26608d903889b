"""The API over a real event store (a fresh SQLite file per test) and the real Neo4j graph
(wiped per test), driven in-process through Starlette's test client with the lifespan on,
so the projector thread runs exactly as it does under uvicorn."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from gqlclient import SECRET, Api
from neo4j import Driver
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings, Limits
from config import Neo4jSettings


@pytest.fixture
def api_settings(neo4j_settings: Neo4jSettings, tmp_path: Path) -> ApiSettings:
    return ApiSettings(
        event_store=f"sqlite:///{tmp_path / 'events.sqlite'}",
        neo4j=neo4j_settings,
        limits=Limits(),
        token_secret=SECRET,
        projector_poll_s=0.1,
    )


def running(settings: ApiSettings) -> Iterator[Api]:
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield Api(client, settings)


@pytest.fixture
def api(graph: Driver, api_settings: ApiSettings) -> Iterator[Api]:
    yield from running(api_settings)


@pytest.fixture
def api_with(graph: Driver, api_settings: ApiSettings):
    """Start the app with changed settings: `api_with(limits=Limits(max_depth=3))`."""
    def start(**changes: Any) -> Iterator[Api]:
        return running(replace(api_settings, **changes))
    return start
