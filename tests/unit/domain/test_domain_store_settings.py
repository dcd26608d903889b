from __future__ import annotations

from pathlib import Path

import pytest

from config import SettingsError
from domain.store import StoreConfigError, settings_for


def test_sqlite_relative_and_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    relative = settings_for("sqlite:///data/events.sqlite")
    assert relative["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    assert relative["SQLITE_DBNAME"] == "data/events.sqlite"
    assert (tmp_path / "data").is_dir()  # created so the first start just works
    absolute = settings_for(f"sqlite:///{tmp_path}/x/e.sqlite")
    assert absolute["SQLITE_DBNAME"] == f"{tmp_path}/x/e.sqlite"


def test_postgresql_url() -> None:
    settings = settings_for("postgresql://gw:p%40ss@db.example:5433/goodwill?schema=t1")
    assert settings == {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": "goodwill",
        "POSTGRES_HOST": "db.example",
        "POSTGRES_PORT": "5433",
        "POSTGRES_USER": "gw",
        "POSTGRES_PASSWORD": "p@ss",
        "POSTGRES_CONNECT_TIMEOUT": "10",
        "POSTGRES_LOCK_TIMEOUT": "30",
        "POSTGRES_SCHEMA": "t1",
    }
    assert settings_for("postgres://u@h/d")["POSTGRES_PORT"] == "5432"


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite://relative", "postgresql://host/",
                                 "sqlite:///"])
def test_bad_urls(url: str) -> None:
    with pytest.raises(StoreConfigError) as refused:
        settings_for(url)
    assert isinstance(refused.value, SettingsError)  # the CLI prints it as a bad setting
    assert url in str(refused.value)


def test_memory() -> None:
    assert settings_for("memory:") == {"PERSISTENCE_MODULE": "eventsourcing.popo"}
