"""Command append rate: events/s through `Goodwill` commands (one transaction each, as the
API makes them), one writer and two writer processes, on SQLite and on PostgreSQL; and the
same commands in batches (`Goodwill.batch()`, one transaction per batch, as imports of
history make them), one writer.

People are registered first, in batches (not timed); then each writer replays
its share of the plan's timeline — shares split by tie, introduction, referral or group,
so writers do not wait on each other's aggregates more than real users would — until the
time budget is spent. Events are counted in the store (a first meeting writes two).
"""

from __future__ import annotations

import multiprocessing as mp
import time
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from bench import bare_append
from bench.dataset import VAR
from domain.app import Goodwill
from synthetic.load import Loader, register_people
from synthetic.plan import TIE_OPS, Op, Plan, Step

SKIPPED = (Op.REGISTER, Op.FORGET)  # registered beforehand; erasure would race the writers
BATCH = 500  # commands per transaction on the batched path


def _key(step: Step) -> tuple[int, int]:
    if step.op in TIE_OPS:
        return (0, step.p1)
    if step.op in (Op.INTRO_REQUEST, Op.INTRO_ACCEPT, Op.INTRO_DECLINE):
        return (0, step.val) if step.val >= 0 else (1, step.ref)
    if step.op.name.startswith(("GROUP", "CLIENT")):
        return (2, step.ref)
    return (3, step.p1)


def share(plan: Plan, writer: int, writers: int) -> Iterator[Step]:
    for step in plan:
        if step.op not in SKIPPED and hash(_key(step)) % writers == writer:
            yield step


def _writer(url: str, plan: Plan, writer: int, writers: int, seconds: float, batch: int,
            start: Any, done: Any, app_class: type[Goodwill]) -> None:
    from domain.errors import DomainError

    app = app_class.from_url(url)
    loader = Loader(app, plan)
    steps = errors = 0
    todo = share(plan, writer, writers)
    start.wait()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        chunk = list(islice(todo, batch if batch > 1 else 16))
        if not chunk:
            break
        if batch > 1:
            try:
                with app.batch():
                    loader.run(chunk)
            except (DomainError, KeyError):
                errors += len(chunk)  # the whole batch is refused
        else:
            for step in chunk:
                try:
                    loader.apply(step)
                except (DomainError, KeyError):
                    errors += 1  # a step whose premise another writer has not written yet
        steps += len(chunk)
    done.put((steps, errors))
    app.close()


def measure(plan: Plan, url: str, writers: int, seconds: float,
            batch: int = 1, app_class: type[Goodwill] = Goodwill) -> dict[str, Any]:
    """Events/s of `writers` processes appending through commands for `seconds`, `batch`
    commands per transaction."""
    app = app_class.from_url(url)
    register_people(app, plan)
    before = app.max_notification_id()
    ctx = mp.get_context("fork")
    start, done = ctx.Event(), ctx.Queue()
    processes = [ctx.Process(target=_writer,
                             args=(url, plan, w, writers, seconds, batch, start, done,
                                   app_class))
                 for w in range(writers)]
    for process in processes:
        process.start()
    time.sleep(0.5)  # every writer has opened the store
    started = time.perf_counter()
    start.set()
    outcomes = [done.get() for _ in processes]
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join()
    events = app.max_notification_id() - before
    app.close()
    return {
        "writers": writers,
        "batch": batch,
        "commands": sum(steps for steps, _ in outcomes),
        "refused": sum(errors for _, errors in outcomes),
        "events": events,
        "seconds": round(elapsed, 2),
        "events_per_second": round(events / elapsed) if elapsed else 0,
    }


def _on_fresh_sqlite(measure_on: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    url, path = sqlite_url()
    try:
        return measure_on(url=url)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def sqlite_url() -> tuple[str, Path]:
    VAR.mkdir(parents=True, exist_ok=True)
    path = VAR / f"append-{uuid.uuid4().hex[:8]}.sqlite"
    return f"sqlite:///{path}", path


def postgres_url(base: str) -> tuple[str, str]:
    """A fresh schema in the benchmark database; dropped by `drop_schema`."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}schema={schema}", schema


def drop_schema(base: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(base.split("?")[0], autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


RUNS = ((1, 1), (2, 1), (1, BATCH))  # (writers, commands per transaction)


def run(plan: Plan, seconds: float, postgres: str | None) -> list[dict[str, Any]]:
    """Each SQLite row of one writer is followed by the bare library's on a fresh store
    (`bench.bare_append`), its ratio in the Goodwill row."""
    rows: list[dict[str, Any]] = []
    for writers, batch in RUNS:
        rows.append({"store": "sqlite", **_on_fresh_sqlite(
            partial(measure, plan, writers=writers, seconds=seconds, batch=batch))})
        if writers == 1:
            bare = {"store": "sqlite", "library": "bare eventsourcing", **_on_fresh_sqlite(
                partial(bare_append.measure, plan, seconds=seconds, batch=batch))}
            rows[-1]["ratio_to_bare_eventsourcing"] = round(
                rows[-1]["events_per_second"] / max(1, bare["events_per_second"]), 2)
            rows.append(bare)
    if postgres:
        for writers, batch in RUNS:
            url, schema = postgres_url(postgres)
            try:
                rows.append({"store": "postgresql",
                             **measure(plan, url, writers, seconds, batch)})
            finally:
                drop_schema(postgres, schema)
    return rows
