"""Batches: many commands decided against one another's unsaved results and saved in one
transaction — all or nothing, with the same rules and the same events as one by one."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import (
    ConcurrentUpdate,
    DomainError,
    PersonIsForgotten,
    SelfRelationship,
    UnknownPerson,
)
from synthetic.load import Loader
from synthetic.plan import plan

ADMIN = Actor.admin()


def test_a_batch_is_saved_in_one_go_and_sees_its_own_results(app: Goodwill) -> None:
    before = app.max_notification_id()
    with app.batch():
        ada = str(app.register_person(ADMIN, name="Ada").aggregate_id)
        bob = str(app.register_person(ADMIN, name="Bob").aggregate_id)
        app.connect(ADMIN, a=ada, b=bob)
        helped = app.record_help(Actor.person(ada), giver=ada, receiver=bob, kind="advice")
        # Bob thanks for a help that exists only in this batch so far.
        app.thank(Actor.person(bob), thanked=ada, for_event=helped.event_id)
        assert app.max_notification_id() == before  # nothing is in the store yet
    assert app.max_notification_id() == before + 5
    tie = app.get_relationship(ada, bob)
    assert [type(e).__name__ for e in app.history(tie.id)] == [
        "Connected", "Helped", "Thanked"]
    assert tie.version == 3


def test_a_failing_command_discards_the_whole_batch(app: Goodwill, person) -> None:
    ada, bob = person("Ada"), person("Bob")
    before = app.max_notification_id()
    with pytest.raises(SelfRelationship), app.batch():
        app.connect(ADMIN, a=ada, b=bob)
        app.record_meeting(ADMIN, a=ada, b=bob, context="lunch")
        app.record_meeting(ADMIN, a=ada, b=ada, context="alone")
    assert app.max_notification_id() == before
    assert app.find_relationship(ada, bob) is None
    # The application is usable again, and the same commands now succeed.
    with app.batch():
        app.connect(ADMIN, a=ada, b=bob)
    assert app.find_relationship(ada, bob) is not None


def test_an_error_swallowed_inside_the_batch_still_discards_it(app: Goodwill, person) -> None:
    ada = person("Ada")
    before = app.max_notification_id()
    with pytest.raises(UnknownPerson), app.batch():
        app.update_profile(ADMIN, person=ada, headline="changed")
        with contextlib.suppress(DomainError):  # the caller ignores the failure...
            app.connect(ADMIN, a=ada, b="00000000-0000-4000-8000-000000000000")
        with pytest.raises(DomainError):  # later commands are refused too
            app.update_profile(ADMIN, person=ada, headline="again")
    assert app.max_notification_id() == before
    assert app.get_person(ada).headline == ""


def test_idempotency_keys_hold_inside_and_across_batches(app: Goodwill, person) -> None:
    ada, bob = person("Ada"), person("Bob")
    app.connect(ADMIN, a=ada, b=bob)

    def meet_twice() -> list[Any]:
        with app.batch():
            return [app.record_meeting(ADMIN, a=ada, b=bob, context="lunch",
                                       idempotency_key="lunch-1") for _ in range(2)]

    first, again = meet_twice()
    assert first == again
    before = app.max_notification_id()
    assert meet_twice() == [first, first]
    assert app.max_notification_id() == before
    assert app.get_relationship(ada, bob).version == 2


def test_another_writer_first_makes_the_batch_a_conflict(
    open_app: Callable[[], Goodwill], person
) -> None:
    ada, bob = person("Ada"), person("Bob")
    ours, theirs = open_app(), open_app()
    ours.connect(ADMIN, a=ada, b=bob)
    before = ours.max_notification_id()
    with pytest.raises(ConcurrentUpdate), ours.batch():
        ours.record_meeting(ADMIN, a=ada, b=bob, context="ours")
        theirs.record_meeting(ADMIN, a=ada, b=bob, context="theirs")
    assert ours.max_notification_id() == before + 1  # only theirs
    assert ours.get_relationship(ada, bob).version == 2


def test_a_batch_sees_what_another_writer_wrote_after_the_last_batch(
    open_app: Callable[[], Goodwill]
) -> None:
    ours, theirs = open_app(), open_app()
    with ours.batch():  # on an empty store: the next batch would know all there is
        ada = str(ours.register_person(ADMIN, name="Ada").aggregate_id)
        bob = str(ours.register_person(ADMIN, name="Bob").aggregate_id)
        ours.connect(ADMIN, a=ada, b=bob)
    theirs.forget_person(ADMIN, person=bob)
    cleo = str(theirs.register_person(ADMIN, name="Cleo").aggregate_id)
    with pytest.raises(PersonIsForgotten), ours.batch():
        ours.record_meeting(ADMIN, a=ada, b=bob, context="lunch")
    with ours.batch():  # someone the batches did not create is found in the store
        ours.connect(ADMIN, a=ada, b=cleo)
        assert ours.get_person(cleo).name == "Cleo"
    assert ours.get_relationship(ada, bob).version == 1


def test_a_failed_batch_leaves_nothing_for_the_next_one(app: Goodwill) -> None:
    with app.batch():
        ada = str(app.register_person(ADMIN, name="Ada").aggregate_id)
        bob = str(app.register_person(ADMIN, name="Bob").aggregate_id)
        app.connect(ADMIN, a=ada, b=bob)
    with pytest.raises(SelfRelationship), app.batch():
        app.record_meeting(ADMIN, a=ada, b=bob, context="lunch")
        app.update_profile(ADMIN, person=ada, headline="changed")
        app.connect(ADMIN, a=ada, b=ada)
    with app.batch():
        app.record_meeting(ADMIN, a=ada, b=bob, context="dinner")
        assert app.get_person(ada).headline == ""
    tie = app.get_relationship(ada, bob)
    assert [type(e).__name__ for e in app.history(tie.id)] == ["Connected", "Met"]
    assert [e.context for e in app.history(tie.id)[1:]] == ["dinner"]


def test_a_command_between_batches_is_seen_by_the_next_batch(app: Goodwill) -> None:
    with app.batch():
        ada = str(app.register_person(ADMIN, name="Ada").aggregate_id)
    app.update_profile(ADMIN, person=ada, headline="outside a batch")
    with app.batch():
        assert app.get_person(ada).headline == "outside a batch"
        app.update_profile(ADMIN, person=ada, name="Ada L.")
    person = app.get_person(ada)
    assert (person.name, person.headline, person.version) == ("Ada L.", "outside a batch", 3)


def test_batches_do_not_nest(app: Goodwill) -> None:
    with pytest.raises(RuntimeError), app.batch(), app.batch():
        pass


def _story(app: Goodwill, network: Any, batch_size: int) -> list[tuple[str, int]]:
    """Apply a generated network's timeline, `batch_size` commands per batch (0: one by
    one), and return what the store holds: event kinds and versions in order."""
    loader = Loader(app, network)
    steps = list(network)
    for start in range(0, len(steps), max(batch_size, 1)):
        chunk = steps[start:start + max(batch_size, 1)]
        if batch_size:
            with app.batch():
                loader.run(chunk)
        else:
            loader.run(chunk)
    notifications = app.recorder.select_notifications(start=1, limit=1_000_000)
    return sorted((n.topic.rsplit(".", 1)[-1], n.originator_version) for n in notifications)


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), batch_size=st.sampled_from([7, 50, 400]))
def test_batches_record_the_same_events_as_one_by_one(
    tmp_path_factory: pytest.TempPathFactory, seed: int, batch_size: int
) -> None:
    network = plan(25, 0.5, seed)
    stores = tmp_path_factory.mktemp("batch")
    one_by_one = Goodwill.from_url(f"sqlite:///{stores / 'one.sqlite'}")
    batched = Goodwill.from_url(f"sqlite:///{stores / 'batched.sqlite'}")
    try:
        assert _story(batched, network, batch_size) == _story(one_by_one, network, 0)
    finally:
        one_by_one.close()
        batched.close()


def test_a_batch_stores_its_events_in_the_order_its_commands_decided_them(
        app: Goodwill, person) -> None:
    """A group the batch touched before registering someone used to have all its events
    stored first: the service of a client came before the client's registration, and a
    projector that stopped between the two found no one to serve."""
    ada, bob, dan = person("Ada"), person("Bob"), person("Dan")
    group = str(app.form_group(Actor.person(ada), name="Circle").aggregate_id)
    app.join_group(Actor.person(bob), group=group)
    before = app.max_notification_id()
    with app.batch():
        app.join_group(Actor.person(dan), group=group)  # the group, first
        cy = str(app.register_person(ADMIN, name="Cy").aggregate_id)
        app.bring_client(Actor.person(ada), group=group, client=cy)
        app.serve_client(Actor.person(bob), group=group, client=cy, note="books")
    stored = app.recorder.select_notifications(start=before + 1, limit=10)
    assert [n.topic.rsplit(".", 1)[-1] for n in stored] == [
        "MemberJoined", "PersonRegistered", "ClientBrought", "ClientServed"]
