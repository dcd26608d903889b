"""The Neo4j projection: reads the application's notification log from its stored position,
applies each batch of events in ONE write transaction together with the new position.

Exactly once: the position is read and write-locked at the start of the transaction
(`Neo4jTrackingRecorder.lock`) and moved at its end. A crash before commit leaves neither
changes nor position; a second projector (API task and CLI at once) waits on the lock and
then sees the position has moved, so it re-reads instead of applying the batch twice.

Works on any store the application is configured with (SQLite, PostgreSQL): it reads
`recorder.select_notifications`, and `wake()` cuts the wait between reads short — after a
command in this process, or on PostgreSQL after any commit (`projector.wakeups`). With a
shared `projector.lease`, only one process on the store follows at a time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification, Tracking
from neo4j import Driver, Transaction
from neo4j.exceptions import TransientError

import cypher
from domain.ids import relationship_id
from domain.privacy.mapper import to_domain_events
from graph.connection import apply_schema_in
from graph.errors import UNAVAILABLE, GraphUnavailable, graph_errors
from graph.rebuild_marker import RebuildMarker, read_state
from graph.rebuilding import RebuildGate
from graph.sessions import open_session
from projector import batch as batching
from projector.context_cache import ContextCache
from projector.lease import Lease
from projector.readahead import Decoded, ReadAhead
from projector.tracking import Neo4jTrackingRecorder
from scoring.strength import DEFAULT, ScoringSettings

log = logging.getLogger(__name__)

# Failures after which following waits and tries again (the graph is down or restarting).
RETRYABLE = (*UNAVAILABLE, TransientError, GraphUnavailable)
# Relationships, then nodes, deleted per transaction of the wipe: bounded in memory (the
# transaction cap) and in time (the server's transaction timeout), whatever the graph's size.
WIPE_BATCH = 10_000


def decode(app: Application[Any], notifications: Sequence[Notification]) -> Decoded:
    """Each notification with its event (None when the graph does not show it)."""
    projected = batching.PROJECTED
    name_of = batching.event_name_of_topic
    shown = [n for n in notifications if name_of(n.topic) in projected]
    events = iter(to_domain_events(app.mapper, shown))  # their keys read at once
    return [(n, next(events) if name_of(n.topic) in projected else None)
            for n in notifications]


class RebuildElsewhere(Exception):
    """Another process is rebuilding the graph: a batch waits until it is done."""


@dataclass(frozen=True)
class Lag:
    """How far the graph is behind the event store."""

    position: int  # last notification id the graph covers
    head: int  # last notification id in the event store
    events_behind: int
    seconds_behind: float  # age of the oldest event not yet in the graph (0 when caught up)

    def as_dict(self) -> dict[str, float | int]:
        return {"position": self.position, "head": self.head,
                "events_behind": self.events_behind, "seconds_behind": self.seconds_behind}


Progress = Callable[[int, int], None]  # (events applied so far, events in total)
# Told of each committed batch: its events (those the graph shows) and the new position.
BatchListener = Callable[[Sequence[Any], int], None]


class Projector:
    def __init__(
        self,
        app: Application[Any],
        driver: Driver,
        *,
        database: str = "neo4j",
        name: str | None = None,
        batch_size: int = 2000,
        settings: ScoringSettings = DEFAULT,
        context_cache: int = 100_000,
        gate: RebuildGate | None = None,
        marker: RebuildMarker | None = None,
    ) -> None:
        self.app = app
        self.gate = gate or RebuildGate()  # shared with the reads of the same process
        self.driver = driver
        self.database = database
        self.name = name or app.name
        self.batch_size = batch_size
        self.settings = settings
        self.tracking = Neo4jTrackingRecorder(driver, database)
        self.marker = marker or RebuildMarker(driver, database)  # seen by every process
        self._rebuild_id: str | None = None  # set while this projector rebuilds
        self.wakeup = threading.Event()
        self.active = False  # set while `follow` projects (holds the lease, if shared)
        self._position: int | None = None  # cache of the stored position
        self._lock = threading.RLock()  # one batch at a time in this process
        self._closed = False  # set once the store may close: no batch starts after it
        self._schema_applied = False
        self._ahead = ReadAhead(self._select, self._decode_all)
        # facts earlier batches told us, up to `context_cache` of each kind
        self._known = ContextCache(context_cache)
        # told after each batch commits (the API's live subscriptions); never fail a batch
        self.listeners: list[BatchListener] = []

    # -- one batch -----------------------------------------------------------------------

    def position(self) -> int:
        with graph_errors():
            return self.tracking.max_tracking_id(self.name) or 0

    def ensure_schema(self) -> None:
        if not self._schema_applied:
            with graph_errors(), open_session(self.driver, self.database) as session:
                apply_schema_in(session)
            self._schema_applied = True

    def run_once(self, batch_size: int | None = None) -> int:
        """Apply the next batch of events; returns how many notifications it covered."""
        with self._lock:
            if self._closed:
                return 0
            self.ensure_schema()
            for _ in range(3):  # the position may move under us once or twice; re-read
                if self._position is None:
                    self._position = self.position()
                start = self._position
                limit = batch_size or self.batch_size
                fetched = self._ahead.get(start + 1, limit)
                if not fetched:
                    return 0
                decoded = batching.through_first_merge(fetched)
                if len(decoded) < len(fetched):
                    self._ahead.discard()  # it read ahead from the end of the whole batch
                try:
                    applied = self._apply(start, decoded)
                except RebuildElsewhere:
                    return 0  # another process wipes and replays: leave the graph to it
                if applied:
                    self._position = decoded[-1][0].id
                    return len(decoded)
                self._position = None
                self._ahead.discard()
                self._known.clear()
            return 0

    def _select(self, start: int, limit: int) -> Sequence[Notification]:
        return self.app.recorder.select_notifications(start=start, limit=limit)

    def _decode_all(self, notifications: Sequence[Notification]) -> Decoded:
        return decode(self.app, notifications)

    def _apply(self, start: int, decoded: Decoded) -> bool:
        events = [event for _, event in decoded if event is not None]
        last = decoded[-1][0]
        recorded_at = self._recorded_at(events[-1]) if events else None
        try:
            with open_session(self.driver, self.database) as session, \
                    session.begin_transaction() as tx:
                if self.tracking.lock(tx, self.name) != start:
                    return False  # another projector got there first
                marked = read_state(tx)
                if marked.active and marked.rebuild_id != self._rebuild_id:
                    raise RebuildElsewhere()
                context = self._context(tx, events)
                statements = batching.plan(events, context, self.settings)
                for name, rows in statements:
                    tx.run(cypher.load(f"projection/{name}"), rows=rows).consume()
                self.tracking.advance(tx, Tracking(self.name, last.id), recorded_at)
                tx.commit()
        except BaseException:
            self._position = None  # a commit may or may not have happened: re-read
            self._ahead.discard()
            self._known.clear()
            raise
        self._known.learn(context)
        if events and type(events[-1]).__name__ == "PersonMerged":
            self._known.clear()  # what it knew of the duplicate's ties is the survivor's now
        # a rebuild replays history: listeners hear the position move, not old news
        self._tell(events if self._rebuild_id is None else [], last.id)
        return True

    def _tell(self, events: Sequence[Any], position: int) -> None:
        for listener in self.listeners:
            try:
                listener(events, position)
            except Exception:  # the batch is committed; a listener's fault is its own
                log.exception("a batch listener failed")

    @staticmethod
    def _recorded_at(event: Any) -> datetime | None:
        return getattr(event, "timestamp", None)

    def _context(self, tx: Transaction, events: Sequence[Any]) -> batching.Context:
        """What the events refer to from earlier batches: from memory, else the graph."""
        refs = batching.references(events)
        context = batching.Context()
        claims, referrals = self._known.fill(context, refs.events, refs.referrals)
        if claims:
            for r in tx.run(cypher.load("projection/lookup_events"), ids=claims):
                context.claims[r["id"]] = batching.Claim(
                    type=r["type"], at=datetime.fromisoformat(r["at"]), base=r["base"],
                    weight=r["weight"], m=r["m"], confirmed=r["confirmed"],
                    relationship=r["relationship"], source=r["source"], target=r["target"],
                    claimant=None if r["confirmed"] else r["recorded_by"],
                )
                context.pairs.setdefault(r["relationship"], tuple(sorted((r["source"],
                                                                          r["target"]))))
        if referrals:
            for r in tx.run(cypher.load("projection/lookup_referrals"), ids=referrals):
                context.referrals[r["id"]] = (r["giver"], r["receiver"])
        if refs.introductions:  # rare: read from the graph each time, never cached
            for r in tx.run(cypher.load("projection/lookup_introductions"),
                            ids=refs.introductions):
                a, b = sorted(r["introduced"])
                context.introductions[r["id"]] = batching.MadeIntroduction(
                    a, b, r["broker"], datetime.fromisoformat(r["made_at"]),
                    r["confirmations"], r["m"], r["live"], r["claimant"], r["open_weight"])
        ties = {*refs.ties, *(c.relationship for c in context.claims.values()),
                *(str(relationship_id(i.a, i.b)) for i in context.introductions.values())}
        if ties:  # each side's unconfirmed claims counted so far, for the cap
            for r in tx.run(cypher.load("projection/lookup_ties"), ids=sorted(ties)):
                context.pairs.setdefault(r["id"], (r["a"], r["b"]))
                context.open[r["id"]] = {r["a"]: r["open_a"], r["b"]: r["open_b"]}
        # rare: ties a merge of people carries under another id now
        gone = [{"rel": rel, "a": a, "b": b} for rel, (a, b)
                in sorted(batching.pairs_named(events, context).items())
                if rel in ties and rel not in context.open]
        between = {} if not gone else {
            r["rel"]: (r["id"], r["a"], r["b"], r["open_a"], r["open_b"])
            for r in tx.run(cypher.load("projection/lookup_ties_between"), rows=gone)}
        batching.carry(context, batching.touched(events, context, ties), between)
        return context

    def close(self, timeout: float) -> bool:
        """Let no batch start from now on; True once none is running either, so the
        event store may close. A catch-up a mutation stopped waiting for still runs in its
        thread: closing the store under its read crashes the SQLite driver."""
        if not self._lock.acquire(timeout=timeout):
            return False
        try:
            self._closed = True
            self._ahead.close()
        finally:
            self._lock.release()
        return True

    # -- following -----------------------------------------------------------------------

    def wake(self) -> None:
        """New events were recorded: stop waiting and project them now."""
        self.wakeup.set()

    def catch_up(self, batch_size: int | None = None, progress: Progress | None = None) -> int:
        """Apply batches until the graph covers the whole log; returns events applied."""
        total = 0
        with self._lock:
            if self._closed:
                return 0
            head = self.head()
        while True:
            applied = self.run_once(batch_size)
            if not applied:
                return total
            total += applied
            if progress is not None:
                progress(self._position or 0, max(head, self._position or 0))

    def follow(
        self,
        stop: threading.Event,
        poll_interval: float = 0.5,
        batch_size: int | None = None,
        on_batch: Callable[[int], None] | None = None,
        max_backoff: float = 5.0,
        lease: Lease | None = None,
        standby_s: float = 0.5,
    ) -> None:
        """Project new events until `stop` is set. Survives the graph going away: waits
        (backing off) and resumes from the stored position when it is back. With a shared
        `lease`, projects only while it holds it, and stands by (trying every `standby_s`)
        while another process does; gives it up when stopped."""
        backoff = 0.0
        try:
            while not stop.is_set():
                if lease is not None and not lease.hold():
                    self.active = False
                    stop.wait(standby_s)
                    continue
                self.active = True
                backoff = self._follow_step(stop, poll_interval, batch_size, on_batch,
                                            max_backoff, backoff)
        finally:
            self.active = False
            if lease is not None:
                lease.release()

    def _follow_step(self, stop: threading.Event, poll_interval: float,
                     batch_size: int | None, on_batch: Callable[[int], None] | None,
                     max_backoff: float, backoff: float) -> float:
        """One batch, or one wait; returns the back-off for the next failure."""
        try:
            applied = self.run_once(batch_size)
        except RETRYABLE as error:
            backoff = min(max(backoff * 2, 0.25), max_backoff)
            log.warning("graph unavailable (%s); retrying in %.1fs", error, backoff)
            self._schema_applied = False
            stop.wait(backoff)
            return backoff
        if on_batch is not None and applied:
            on_batch(applied)
        if not applied:
            self.wakeup.wait(poll_interval)
            self.wakeup.clear()
        return 0.0

    # -- lag and rebuild -------------------------------------------------------------------

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def lag(self) -> Lag:
        position = self.position()
        head = self.head()
        seconds = 0.0
        if head > position:
            oldest = self.app.recorder.select_notifications(start=position + 1, limit=1)
            if oldest:
                event = self.app.mapper.to_domain_event(oldest[0])
                recorded = self._recorded_at(event)
                if recorded is not None:
                    seconds = max(0.0, (datetime.now(tz=UTC) - recorded).total_seconds())
        return Lag(position, head, max(0, head - position), seconds)

    def wipe(self) -> None:
        """Remove every node and relationship (the position too); the schema stays."""
        with self._lock, graph_errors(), open_session(self.driver, self.database) as s:
            for name in ("admin/wipe_relationships_batch", "admin/wipe_nodes_batch"):
                while s.run(cypher.load(name), limit=WIPE_BATCH).single(strict=True)[
                        "deleted"]:
                    pass
            self._position = None
            self._ahead.discard()
            self._known.clear()

    def rebuild(self, batch_size: int | None = None, progress: Progress | None = None) -> int:
        """Wipe the graph and replay the whole log; returns the events replayed. Reads
        through the same `gate` answer REBUILDING meanwhile, and so do the reads of every
        other process, through the marker in the graph (`graph.rebuild_marker`); other
        processes' projectors leave the graph to this one until it is done."""
        with self._lock, self.gate.rebuilding(), self.marker.held() as rebuild_id:
            self._rebuild_id = rebuild_id
            try:
                self.wipe()
                self.ensure_schema()
                with graph_errors():
                    return self.catch_up(batch_size, progress)
            finally:
                self._rebuild_id = None
