"""A long relationship (10k events) loads from its newest snapshot plus a short tail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.actors import Actor
from domain.app import RELATIONSHIP_SNAPSHOT_INTERVAL, Goodwill
from domain.base import Stamp, utc_now
from domain.relationship import Relationship

ADMIN = Actor.admin()
EVENTS = 10_000


def test_ten_thousand_events_load_from_a_snapshot(
    open_app: Callable[[], Goodwill], person
) -> None:
    writer = open_app()
    ada, bob = person(), person()
    writer.connect(ADMIN, a=ada, b=bob)
    tie = writer.get_relationship(ada, bob)
    stamp = Stamp(at=utc_now(), recorded_by="system", idempotency_key=None)
    # Written in large batches (one transaction each) to keep the test quick; the
    # library snapshots every RELATIONSHIP_SNAPSHOT_INTERVAL versions as they are saved.
    while tie.version < EVENTS:
        for _ in range(min(1000, EVENTS - tie.version)):
            tie.record_meeting(context="", privileged=True, stamp=stamp)
        writer.save(tie)
    assert tie.version == EVENTS

    reader = open_app()
    assert reader.snapshots is not None
    [snapshot] = reader.snapshots.get(tie.id, desc=True, limit=1)
    assert snapshot.originator_version == EVENTS  # EVENTS is a multiple of the interval

    read: list[int] = []
    select_events = reader.recorder.select_events

    def counting(*args: Any, **kwargs: Any) -> Any:
        rows = select_events(*args, **kwargs)
        read.extend(row.originator_version for row in rows)
        return rows

    reader.recorder.select_events = counting  # type: ignore[method-assign]
    loaded = reader.get_relationship(ada, bob)
    assert loaded.meetings == EVENTS - 1 and loaded.version == EVENTS
    assert read == []  # nothing after the snapshot to replay

    recorded = reader.record_meeting(ADMIN, a=ada, b=bob, context="one more")
    assert recorded.version == EVENTS + 1
    read.clear()
    fresh = open_app()
    fresh.recorder.select_events = counting  # type: ignore[method-assign]
    assert fresh.get_relationship(ada, bob).meetings == EVENTS
    assert 0 < len(read) < RELATIONSHIP_SNAPSHOT_INTERVAL
    assert min(read) > EVENTS - RELATIONSHIP_SNAPSHOT_INTERVAL


def test_snapshot_state_round_trips(open_app: Callable[[], Goodwill], person) -> None:
    app = open_app()
    ada, bob = person(), person()
    helped = app.record_help(Actor.person(ada), giver=ada, receiver=bob)
    claim = app.record_meeting(Actor.person(ada), a=ada, b=bob)
    app.thank(Actor.person(bob), thanked=ada, for_event=helped.event_id)
    app.classify(Actor.person(bob), a=ada, b=bob, kind="functional")
    app.take_snapshot(helped.aggregate_id)
    from_events = app.repository.get(helped.aggregate_id, version=None)
    fresh: Goodwill = open_app()
    from_snapshot = fresh.get_relationship(ada, bob)
    assert isinstance(from_snapshot, Relationship)
    assert vars(from_snapshot) == vars(from_events)
    assert from_snapshot.unconfirmed == {str(claim.event_id): ada}
