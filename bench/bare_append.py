"""The anchor of the append benchmark: what a user of the bare `eventsourcing` library
writes instead of Goodwill's domain. One aggregate per tie of the plan; each step of the
plan's timeline on a tie loads that aggregate, records one event on it and saves it (one
transaction), or, batched, saves `batch` changed aggregates in one `save()`. No rules
across aggregates, no idempotency, no personal data sealed, no derived event ids: the
floor Goodwill's commands are compared with (`bench.append`), on the same SQLite settings
(`domain.store.settings_for`) and the same aggregate cache."""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import islice
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from domain.store import settings_for
from synthetic.plan import TIE_OPS, Plan


class Tie(Aggregate):
    """A pair's history, as a bare-library user would keep it."""

    @staticmethod
    def create_id(tie: int) -> UUID:  # the library's hook for a stable id per tie
        return _tie_id(tie)

    def __init__(self, tie: int) -> None:
        self.tie = tie
        self.events = 0
        self.last: str | None = None

    @event("Happened")
    def happened(self, what: str, at: int) -> None:
        self.events += 1
        self.last = what


class Ties(Application[UUID]):
    # the library's own aggregate cache, as Goodwill configures it
    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": "20000"}


def _tie_id(tie: int) -> UUID:
    return uuid5(NAMESPACE_URL, f"tie/{tie}")


def _steps(plan: Plan) -> Iterator[tuple[int, str]]:
    """(tie, what) of every step on a tie, in time order (a tie step's p1 is its tie)."""
    for step in plan:
        if step.op in TIE_OPS:
            yield step.p1, step.op.name


def prepare(plan: Plan, url: str) -> Ties:
    """The store with every tie created (not timed, as people are for the domain)."""
    app = Ties(env=settings_for(url))
    seen: set[UUID] = set()
    created: list[Aggregate] = []
    for tie, _ in _steps(plan):
        tie_id = _tie_id(tie)
        if tie_id not in seen:
            seen.add(tie_id)
            created.append(Tie(tie))
        if len(created) >= 5000:
            app.save(*created)
            created = []
    if created:
        app.save(*created)
    return app


def measure(plan: Plan, url: str, seconds: float, batch: int = 1) -> dict[str, Any]:
    app = prepare(plan, url)
    try:
        before = app.recorder.max_notification_id() or 0
        todo = _steps(plan)
        steps = 0
        started = time.perf_counter()
        deadline = started + seconds
        while time.perf_counter() < deadline:
            chunk = list(islice(todo, batch))
            if not chunk:
                break
            if batch == 1:
                number, what = chunk[0]
                tie: Tie = app.repository.get(_tie_id(number))
                tie.happened(what, steps)
                app.save(tie)
            else:
                changed: dict[UUID, Tie] = {}
                for number, what in chunk:
                    tie_id = _tie_id(number)
                    tie = changed.get(tie_id) or app.repository.get(tie_id)
                    tie.happened(what, steps)
                    changed[tie_id] = tie
                app.save(*changed.values())
            steps += len(chunk)
        elapsed = time.perf_counter() - started
        events = (app.recorder.max_notification_id() or 0) - before
    finally:
        app.close()
    return {"writers": 1, "batch": batch, "commands": steps, "refused": 0, "events": events,
            "seconds": round(elapsed, 2),
            "events_per_second": round(events / elapsed) if elapsed else 0}
