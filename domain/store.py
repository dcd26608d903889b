"""Turn an event-store URL (GOODWILL_EVENT_STORE, see `config`) into the eventsourcing
library's settings.

    sqlite:///var/events.sqlite        relative path (to the working directory)
    sqlite:////srv/goodwill/events.db  absolute path
    postgresql://user:pw@host:5433/db  PostgreSQL; `?schema=name` selects a schema
    memory:                            in-process only (tests, experiments)
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from config import SettingsError


class StoreConfigError(SettingsError):
    """An event-store URL that names no store Goodwill can open."""


def settings_for(url: str) -> dict[str, str]:
    """Library environment settings for an event-store URL."""
    url = url.strip()
    if url in ("memory:", "memory://"):
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if url.startswith("sqlite://"):
        return _sqlite(url)
    if url.startswith(("postgresql://", "postgres://")):
        return _postgres(url)
    raise StoreConfigError(
        f"GOODWILL_EVENT_STORE must start with sqlite:///, postgresql:// or memory:, got {url!r}"
    )


def _sqlite(url: str) -> dict[str, str]:
    path = url.removeprefix("sqlite://")
    if not path.startswith("/"):
        raise StoreConfigError(f"expected sqlite:///relative/path or sqlite:////abs, got {url!r}")
    path = path[1:]  # sqlite:///x -> x ; sqlite:////x -> /x
    if not path:
        raise StoreConfigError(f"no database file in {url!r}")
    if path == ":memory:":
        return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    # The store holds personal data: a new file is its owner's only (SQLite gives its -wal
    # and -shm files the database file's mode).
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": path,
        # Writers in other processes wait this long (s) for the lock, then the command
        # answers EVENT_STORE_UNAVAILABLE rather than hold its caller for longer.
        "SQLITE_LOCK_TIMEOUT": "5",
    }


def _postgres(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname or not parts.hostname:
        raise StoreConfigError(f"expected postgresql://user:password@host:port/db, got {url!r}")
    query = parse_qs(parts.query)
    settings = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": parts.hostname,
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or ""),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_CONNECT_TIMEOUT": "10",
        "POSTGRES_LOCK_TIMEOUT": "30",
    }
    if "schema" in query:
        settings["POSTGRES_SCHEMA"] = query["schema"][0]
    return settings
