"""Two writers on one aggregate: the loser gets a conflict, reloads, and applies its
command on the new version. Real threads and real processes; nothing is lost."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable

from domain.actors import Actor
from domain.app import Goodwill
from domain.relationship import Relationship

ADMIN = Actor.admin()


def test_the_loser_retries_on_the_new_version(
    open_app: Callable[[], Goodwill], person, monkeypatch
) -> None:
    ada, bob = person(), person()
    first, other = open_app(), open_app()
    first.connect(ADMIN, a=ada, b=bob)
    original = Relationship.record_meeting
    decisions: list[int] = []

    def record_meeting(self: Relationship, **kwargs: object) -> None:
        decisions.append(self.version)
        if len(decisions) == 1:  # another writer gets in between our load and our save
            monkeypatch.setattr(Relationship, "record_meeting", original)
            other.record_meeting(ADMIN, a=ada, b=bob, context="the other writer")
            monkeypatch.setattr(Relationship, "record_meeting", record_meeting)
        original(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Relationship, "record_meeting", record_meeting)
    recorded = first.record_meeting(ADMIN, a=ada, b=bob, context="ours")
    assert decisions == [1, 2]  # decided on version 1, conflicted, decided again on 2
    assert recorded.version == 3
    contexts = [getattr(e, "context", None) for e in first.history(recorded.aggregate_id)]
    assert contexts == ["", "the other writer", "ours"]


def test_threads_on_one_pair_lose_nothing(open_app: Callable[[], Goodwill], person) -> None:
    ada, bob = person(), person()
    apps = [open_app() for _ in range(4)]  # separate apps: separate caches and pools
    threads_per_app, meetings_each = 2, 6
    errors: list[BaseException] = []
    start = threading.Barrier(len(apps) * threads_per_app)

    def work(app: Goodwill, n: int) -> None:
        try:
            start.wait()
            for i in range(meetings_each):
                app.record_meeting(ADMIN, a=ada, b=bob, context=f"{n}-{i}")
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [
        threading.Thread(target=work, args=(app, k * threads_per_app + t))
        for k, app in enumerate(apps) for t in range(threads_per_app)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    total = len(threads) * meetings_each
    tie = open_app().get_relationship(ada, bob)
    assert tie.meetings == total
    contexts = {e.context for e in apps[0].history(tie.id) if type(e).__name__ == "Met"}
    assert len(contexts) == total
    assert tie.version == total + 1  # Connected, then every meeting


def _meet_in_a_process(url: str, a: str, b: str, n: int, count: int) -> None:
    app = Goodwill.from_url(url)
    try:
        for i in range(count):
            app.record_meeting(ADMIN, a=a, b=b, context=f"p{n}-{i}")
    finally:
        app.close()


def test_processes_on_one_pair_lose_nothing(store_url: str, app: Goodwill, person) -> None:
    ada, bob = person(), person()
    context = multiprocessing.get_context("spawn")
    processes, each = 3, 5
    workers = [
        context.Process(target=_meet_in_a_process, args=(store_url, ada, bob, n, each))
        for n in range(processes)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0] * processes
    tie = app.get_relationship(ada, bob)
    assert tie.meetings == processes * each
    met = [e.context for e in app.history(tie.id) if type(e).__name__ == "Met"]
    assert sorted(met) == sorted(f"p{n}-{i}" for n in range(processes) for i in range(each))


def test_processes_opening_a_new_store_at_once_all_start(store_url: str) -> None:
    """Every process creates the store's tables if they are missing; on PostgreSQL two
    CREATE TABLE IF NOT EXISTS at once can fail ("tuple concurrently updated"), which
    once made one of several starting processes crash."""
    opened: list[Goodwill] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def open_store() -> None:
        try:
            start.wait()
            opened.append(Goodwill.from_url(store_url))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert errors == []
        ada = opened[0].register_person(ADMIN, name="Ada").aggregate_id
        assert all(app.get_person(ada).name == "Ada" for app in opened)
    finally:
        for app in opened:
            app.close()
