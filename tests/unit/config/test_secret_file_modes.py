"""Files that hold secrets or personal data are their owner's only from the moment they
exist: the `.env` file (token secret, Neo4j password) and a new SQLite event store."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import config
from domain.actors import Actor
from domain.app import Goodwill
from domain.store import settings_for


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """Files a process creates are readable by everyone unless it says otherwise."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def no_chmod(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the process stopped between creating the file and a chmod after it."""
    monkeypatch.setattr(Path, "chmod", lambda self, mode: None)


def test_a_new_env_file_is_created_0600(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        open_umask: None, no_chmod: None) -> None:
    monkeypatch.setenv(config.ENV_FILE_VARIABLE, str(tmp_path / "goodwill.env"))
    path = config.append("GOODWILL_TOKEN_SECRET", "s3cret")
    assert mode(path) == 0o600


def test_neo4jctl_creates_the_env_file_0600(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            open_umask: None, no_chmod: None,
                                            neo4jctl: ModuleType) -> None:
    monkeypatch.setenv(config.ENV_FILE_VARIABLE, str(tmp_path / "goodwill.env"))
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    neo4jctl.ensure_password()
    assert mode(tmp_path / "goodwill.env") == 0o600


def test_an_existing_readable_env_file_is_made_0600(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "goodwill.env"
    path.write_text("NEO4J_USER=neo4j\n")
    path.chmod(0o644)
    monkeypatch.setenv(config.ENV_FILE_VARIABLE, str(path))
    config.append("GOODWILL_TOKEN_SECRET", "s3cret")
    assert mode(path) == 0o600


def test_a_new_sqlite_store_and_its_journal_are_0600(tmp_path: Path, open_umask: None) -> None:
    store = tmp_path / "var" / "events.sqlite"
    settings_for(f"sqlite:///{store}")
    assert mode(store) == 0o600
    app = Goodwill.from_url(f"sqlite:///{store}")
    try:
        app.register_person(Actor.admin(), name="Ada")
        files = [p for p in store.parent.iterdir() if p.name.startswith("events.sqlite")]
        assert store in files
        assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    finally:
        app.close()
