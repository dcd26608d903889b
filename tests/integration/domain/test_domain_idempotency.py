from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.actors import Actor
from domain.app import Goodwill
from domain.base import Stamp
from domain.errors import IdempotencyConflict, InvalidInput, UnknownPerson
from domain.idempotency import IdempotencyRecord, arguments_hash
from domain.ids import idempotency_record_id

ADMIN = Actor.admin()


def test_same_key_is_applied_once(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    first = app.record_meeting(Actor.person(ada), a=ada, b=bob, idempotency_key="m-1")
    position = app.max_notification_id()
    again = app.record_meeting(Actor.person(ada), a=ada, b=bob, idempotency_key="m-1")
    assert again == first
    assert app.max_notification_id() == position
    assert app.get_relationship(ada, bob).meetings == 1
    met = app.history(first.aggregate_id)[-1]
    assert met.idempotency_key == "m-1"


def test_same_key_is_applied_once_across_restarts(
    open_app: Callable[[], Goodwill], store_url: str
) -> None:
    first_app = open_app()
    ada = first_app.register_person(ADMIN, name="Ada", idempotency_key="import-ada")
    first_app.close()
    restarted = open_app()
    again = restarted.register_person(ADMIN, name="Ada", idempotency_key="import-ada")
    assert again == ada
    people = [
        n for n in restarted.recorder.select_notifications(1, 100)
        if type(restarted.mapper.to_domain_event(n)).__name__ == "PersonRegistered"
    ]
    assert len(people) == 1


def test_the_record_is_written_in_the_same_transaction(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    before = app.max_notification_id()
    app.record_meeting(ADMIN, a=ada, b=bob, idempotency_key="k")
    kinds = [type(app.mapper.to_domain_event(n)).__name__
             for n in app.recorder.select_notifications(before + 1, 10)]
    assert kinds == ["Connected", "Met", "IdempotencyRecorded"]


def test_a_failed_command_does_not_use_up_its_key(app: Goodwill, person) -> None:
    ada = person()
    bob = "7d0e3c1c-53b5-4a49-9a77-0f2f1e6c9d10"
    with pytest.raises(UnknownPerson):
        app.record_meeting(ADMIN, a=ada, b=bob, idempotency_key="k")
    app.register_person(ADMIN, name="Bob", person_id=bob)
    recorded = app.record_meeting(ADMIN, a=ada, b=bob, idempotency_key="k")
    assert recorded.version == 2


def test_key_reused_for_another_command(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    app.record_meeting(ADMIN, a=ada, b=bob, idempotency_key="k")
    with pytest.raises(IdempotencyConflict) as error:
        app.record_help(ADMIN, giver=ada, receiver=bob, idempotency_key="k")
    assert error.value.code == "IDEMPOTENCY_CONFLICT"
    assert app.get_relationship(ada, bob).helps == 0


def test_keys_are_scoped_per_actor(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    mine = app.record_meeting(Actor.person(ada), a=ada, b=bob, idempotency_key="same")
    theirs = app.record_meeting(Actor.person(bob), a=ada, b=bob, idempotency_key="same")
    assert mine != theirs
    assert app.get_relationship(ada, bob).meetings == 2


@pytest.mark.parametrize("key", ["", "   ", "k" * 201, 42])
def test_bad_keys(app: Goodwill, person, key: object) -> None:
    with pytest.raises(InvalidInput):
        app.register_person(ADMIN, name="A", idempotency_key=key)  # type: ignore[arg-type]


def test_racing_repeats_apply_once(open_app: Callable[[], Goodwill], person) -> None:
    import threading

    ada, bob = person(), person()
    apps = [open_app() for _ in range(6)]
    results: list[object] = []
    start = threading.Barrier(len(apps))

    def send(app: Goodwill) -> None:
        start.wait()
        results.append(app.record_meeting(Actor.person(ada), a=ada, b=bob,
                                          idempotency_key="once"))

    threads = [threading.Thread(target=send, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == len(apps) and len(set(results)) == 1
    assert apps[0].get_relationship(ada, bob).meetings == 1


def test_key_reused_with_other_arguments_is_a_conflict(app: Goodwill, person) -> None:
    """It used to answer the first result silently, even for another pair."""
    ada, bob, cy = person(), person(), person()
    first = app.record_meeting(ADMIN, a=ada, b=bob, context="lunch", idempotency_key="k")
    position = app.max_notification_id()
    for changed in ({"a": ada, "b": cy, "context": "lunch"},  # another pair
                    {"a": ada, "b": bob, "context": "dinner"},  # another context
                    {"a": ada, "b": bob}):  # the context left to its default
        with pytest.raises(IdempotencyConflict, match="other arguments") as error:
            app.record_meeting(ADMIN, idempotency_key="k", **changed)
        assert error.value.code == "IDEMPOTENCY_CONFLICT"
    assert app.max_notification_id() == position
    # the same arguments, ids spelled otherwise, are the same request
    again = app.record_meeting(ADMIN, a=ada.upper(), b=bob, context="lunch",
                               idempotency_key="k")
    assert again == first and app.max_notification_id() == position
    # `at` is when it happened, which a client may stamp anew on each try: the same request
    retried = app.record_meeting(ADMIN, a=ada, b=bob, context="lunch", idempotency_key="k",
                                 at=datetime(2024, 1, 1, tzinfo=UTC))
    assert retried == first and app.max_notification_id() == position


def test_key_reused_with_other_arguments_in_a_batch_is_a_conflict(app: Goodwill,
                                                                  person) -> None:
    ada, bob, cy = person(), person(), person()
    app.record_meeting(ADMIN, a=ada, b=bob, idempotency_key="k")
    position = app.max_notification_id()
    with pytest.raises(IdempotencyConflict), app.batch():
        app.record_meeting(ADMIN, a=ada, b=cy, idempotency_key="k")
    assert app.max_notification_id() == position


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20))
def test_the_hash_tells_arguments_apart(first: str, second: str) -> None:
    one = arguments_hash("record_meeting", {"context": first})
    assert one == arguments_hash("record_meeting", {"context": first})
    assert (one == arguments_hash("record_meeting", {"context": second})) == (
        first == second)
    assert one != arguments_hash("record_help", {"context": first})


def test_records_stored_before_the_hash_was_kept_still_answer(app: Goodwill, person) -> None:
    """A store written by an older version holds records without `arguments_hash`."""
    ada, bob = person(), person()
    record_id = idempotency_record_id("admin", "old-key")
    earlier = app.record_meeting(ADMIN, a=ada, b=bob)
    record = IdempotencyRecord.remember(
        record_id, command="record_meeting", aggregate_id=earlier.aggregate_id,
        event_id=earlier.event_id, version=earlier.version, arguments_hash=None,
        stamp=Stamp(at=datetime.now(UTC), recorded_by="admin", idempotency_key="old-key"))
    (created,) = record.pending_events
    object.__delattr__(created, "arguments_hash")  # stored as an older version wrote it
    app.save(record)
    assert "arguments_hash" not in app.mapper.to_stored_event(created).state.decode()
    again = app.record_meeting(ADMIN, a=ada, b=bob, context="anything", idempotency_key="old-key")
    assert again == earlier
