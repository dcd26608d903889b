"""The domain suite runs on every real event store: each test that takes `app` (or
`store_url`) runs once on SQLite (a temp file) and once on PostgreSQL (a fresh schema,
dropped afterwards). PostgreSQL comes from GOODWILL_TEST_POSTGRES_URL; `make test` starts
one with ops/postgres/pgctl.sh and sets it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from domain.actors import Actor
from domain.app import Goodwill

POSTGRES_URL_VAR = "GOODWILL_TEST_POSTGRES_URL"


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'events.sqlite'}"
        return
    yield str(request.getfixturevalue("postgres_store_url"))  # tests/conftest.py


@pytest.fixture
def open_app(store_url: str) -> Iterator[Callable[[], Goodwill]]:
    """Open (another) application on the test's store, e.g. to simulate a restart."""
    opened: list[Goodwill] = []

    def _open() -> Goodwill:
        app = Goodwill.from_url(store_url)
        opened.append(app)
        return app

    yield _open
    for app in opened:
        app.close()


@pytest.fixture
def app(open_app: Callable[[], Goodwill]) -> Goodwill:
    return open_app()


ADMIN = Actor.admin()


@pytest.fixture
def person(app: Goodwill) -> Callable[..., str]:
    """Register a person and return their id (as str)."""

    def _person(name: str = "Someone", **kwargs: object) -> str:
        return str(app.register_person(ADMIN, name=name, **kwargs).aggregate_id)

    return _person
