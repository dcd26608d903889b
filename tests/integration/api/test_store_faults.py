"""Faults of the event store itself have their own codes and /readyz reports them: a real
SQLite file locked by another process (EVENT_STORE_UNAVAILABLE, within a bound, nothing
written), and a real file whose pages are damaged (EVENT_STORE_CORRUPT, never INTERNAL)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import running
from gqlclient import Api

from api.settings import ApiSettings
from domain.actors import Actor
from domain.app import Goodwill

pytestmark = pytest.mark.neo4j

REGISTER = 'mutation { registerPerson(name: "Eve") { recorded { aggregateId } } }'
LOCKED_ANSWER_WITHIN_S = 20.0  # SQLite's 5 s busy wait, then 5 s of tries again


def store_path(settings: ApiSettings) -> Path:
    return Path(settings.event_store.removeprefix("sqlite:///"))


@contextmanager
def locked_by_another_process(path: Path) -> Iterator[None]:
    """Another process holds the store's write lock inside the block."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys\n"
         f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE')\n"
         "print('locked', flush=True)\n"
         "sys.stdin.readline()\n"
         "c.execute('ROLLBACK')\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.communicate("\n", timeout=10)


def test_a_store_locked_by_another_process_is_unavailable_not_the_graph(
        api: Api, api_settings: ApiSettings) -> None:
    api.register("Ada")
    before = api.services.domain.max_notification_id()
    with locked_by_another_process(store_path(api_settings)):
        asked = time.monotonic()
        body = api.post(REGISTER, token=api.token())
        took = time.monotonic() - asked
        assert [e["extensions"]["code"] for e in body["errors"]] == ["EVENT_STORE_UNAVAILABLE"]
        assert "locked" in body["errors"][0]["message"]
        assert took < LOCKED_ANSWER_WITHIN_S
        ready = api.client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["event_store"] == {
            "ok": False, "position": before, "error": "EVENT_STORE_UNAVAILABLE"}
        assert ready.json()["checks"]["neo4j"]["ok"] is True
    assert api.services.domain.max_notification_id() == before  # nothing half-written
    api.ok(REGISTER, token=api.token())
    assert api.client.get("/readyz").status_code == 200


def damaged_store(path: Path) -> list[str]:
    """A store of a few people whose data pages are overwritten (the first page, with the
    table definitions, is kept, so the store still opens)."""
    app = Goodwill.from_url(f"sqlite:///{path}")
    people = [str(app.register_person(Actor.admin(), name=f"P{i}").aggregate_id)
              for i in range(30)]
    app.close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(4096)
        file.write(os.urandom(size - 4096))
    return people


def test_a_corrupt_store_answers_its_own_code_and_is_not_ready(
        graph: object, api_settings: ApiSettings) -> None:
    people = damaged_store(store_path(api_settings))
    for api in running(replace(api_settings, catch_up_timeout_s=1.0)):
        body = api.post(REGISTER, token=api.token())
        assert [e["extensions"]["code"] for e in body["errors"]] == ["EVENT_STORE_CORRUPT"]
        assert "backup" in body["errors"][0]["message"]
        history = api.post("query($id: ID!) { auditTrail(aggregateId: $id) { items { at } } }",
                           {"id": people[0]}, api.token())
        codes = [e["extensions"]["code"] for e in history.get("errors") or []]
        assert codes == ["EVENT_STORE_CORRUPT"], history
        ready = api.client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["event_store"] == {
            "ok": False, "error": "EVENT_STORE_CORRUPT"}
