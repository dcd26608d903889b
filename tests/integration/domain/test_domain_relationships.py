from __future__ import annotations

from uuid import uuid4

import pytest

from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import (
    AlreadyConnected,
    Forbidden,
    InvalidInput,
    InvalidTransition,
    NotAParticipant,
    SelfRelationship,
    UnconfirmableThanks,
    UnknownAggregate,
    UnknownEvent,
    UnknownPerson,
)
from domain.ids import event_id, relationship_id

ADMIN = Actor.admin()


def names(app: Goodwill, aggregate_id) -> list[str]:
    return [type(e).__name__ for e in app.history(aggregate_id)]


def test_first_meeting_connects_the_pair_in_one_transaction(app: Goodwill, person) -> None:
    ada, bob = person("Ada"), person("Bob")
    before = app.max_notification_id()
    met = app.record_meeting(Actor.person(ada), a=ada, b=bob, context="coffee")
    assert met.aggregate_id == relationship_id(bob, ada)
    assert met.version == 2 and met.event_id == event_id(met.aggregate_id, 2)
    assert names(app, met.aggregate_id) == ["Connected", "Met"]
    assert app.max_notification_id() == before + 2
    connected, meeting = app.history(met.aggregate_id)
    assert (connected.a, connected.b) == tuple(sorted([ada, bob]))
    assert connected.source == "met"
    assert meeting.context == "coffee" and meeting.confirmed is False
    assert meeting.recorded_by == ada


def test_the_same_pair_in_either_order_is_one_relationship(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    app.record_meeting(Actor.person(ada), a=ada, b=bob)
    app.record_meeting(Actor.person(bob), a=bob, b=ada)
    assert app.get_relationship(bob, ada).meetings == 2
    assert app.get_relationship(ada, bob).id == relationship_id(ada, bob)


def test_nobody_relates_to_themself(app: Goodwill, person) -> None:
    ada = person()
    for attempt in (
        lambda: app.record_meeting(Actor.person(ada), a=ada, b=ada),
        lambda: app.connect(ADMIN, a=ada, b=ada),
        lambda: app.record_help(ADMIN, giver=ada, receiver=ada),
        lambda: app.thank(Actor.person(ada), thanked=ada, for_event=uuid4()),
    ):
        with pytest.raises(SelfRelationship) as error:
            attempt()
        assert error.value.code == "SELF_RELATIONSHIP"
    assert app.max_notification_id() == 1


def test_only_participants_or_admin_record_about_a_relationship(app: Goodwill, person) -> None:
    ada, bob, eve = person(), person(), person()
    with pytest.raises(NotAParticipant) as error:
        app.record_meeting(Actor.person(eve), a=ada, b=bob)
    assert error.value.code == "NOT_A_PARTICIPANT"
    with pytest.raises(NotAParticipant):
        app.record_help(Actor.person(eve), giver=ada, receiver=bob)
    app.connect(ADMIN, a=ada, b=bob)
    with pytest.raises(NotAParticipant):
        app.classify(Actor.person(eve), a=ada, b=bob, kind="personal")
    assert app.get_relationship(ada, bob).version == 1
    assert app.record_meeting(Actor.system(), a=ada, b=bob).version == 2


def test_people_must_exist(app: Goodwill, person) -> None:
    ada = person()
    with pytest.raises(UnknownPerson):
        app.record_meeting(Actor.person(ada), a=ada, b=uuid4())
    with pytest.raises(UnknownPerson):
        app.connect(ADMIN, a=uuid4(), b=ada)
    assert app.max_notification_id() == 1


def test_connect_once(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    app.connect(ADMIN, a=ada, b=bob, source="imported", context="CRM import")
    tie = app.get_relationship(ada, bob)
    assert (tie.source, tie.context) == ("imported", "CRM import")
    with pytest.raises(AlreadyConnected) as error:
        app.connect(Actor.person(ada), a=ada, b=bob, source="met")
    assert error.value.code == "ALREADY_CONNECTED"
    with pytest.raises(InvalidInput):
        app.connect(ADMIN, a=ada, b=person(), source="introduced")
    with pytest.raises(InvalidInput):
        app.connect(ADMIN, a=ada, b=person(), source="telepathy")


def test_one_sided_meeting_is_unconfirmed_until_the_other_side_confirms(
    app: Goodwill, person
) -> None:
    ada, bob = person(), person()
    met = app.record_meeting(Actor.person(ada), a=ada, b=bob)
    assert str(met.event_id) in app.get_relationship(ada, bob).unconfirmed
    with pytest.raises(Forbidden):
        app.confirm_event(Actor.person(ada), a=ada, b=bob, event=met.event_id)
    confirmed = app.confirm_event(Actor.person(bob), a=ada, b=bob, event=met.event_id)
    assert app.get_relationship(ada, bob).unconfirmed == {}
    assert app.history(confirmed.aggregate_id)[-1].event == str(met.event_id)
    with pytest.raises(InvalidTransition):
        app.confirm_event(Actor.person(bob), a=ada, b=bob, event=met.event_id)


def test_admin_and_system_records_are_confirmed(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    met = app.record_meeting(ADMIN, a=ada, b=bob)
    helped = app.record_help(Actor.system(), giver=ada, receiver=bob, kind="advice")
    events = app.history(met.aggregate_id)
    assert events[1].confirmed is True and events[2].confirmed is True
    assert app.get_relationship(ada, bob).unconfirmed == {}
    with pytest.raises(InvalidTransition):
        app.confirm_event(Actor.person(bob), a=ada, b=bob, event=helped.event_id)


def test_help_is_the_claim_of_whoever_records_it(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    by_receiver = app.record_help(Actor.person(bob), giver=ada, receiver=bob, kind="intro",
                                  value=250)
    by_giver = app.record_help(Actor.person(ada), giver=ada, receiver=bob, note="reviewed CV")
    events = {e.event_id: e for e in app.history(by_giver.aggregate_id)}
    assert events[by_receiver.event_id].confirmed is False
    assert events[by_receiver.event_id].value == 250.0
    assert events[by_giver.event_id].confirmed is False
    assert app.get_relationship(ada, bob).unconfirmed == {
        str(by_receiver.event_id): bob, str(by_giver.event_id): ada}
    # the receiver's own thanks do not confirm their record; the giver confirms it
    app.thank(Actor.person(bob), thanked=ada, for_event=by_receiver.event_id)
    assert str(by_receiver.event_id) in app.get_relationship(ada, bob).unconfirmed
    with pytest.raises(Forbidden):
        app.confirm_event(Actor.person(bob), a=ada, b=bob, event=by_receiver.event_id)
    app.confirm_event(Actor.person(ada), a=ada, b=bob, event=by_receiver.event_id)
    assert list(app.get_relationship(ada, bob).unconfirmed) == [str(by_giver.event_id)]


def test_confirm_names_a_meeting_or_help_of_this_pair(app: Goodwill, person) -> None:
    ada, bob, cy = person(), person(), person()
    other = app.record_meeting(Actor.person(ada), a=ada, b=cy)
    app.record_meeting(Actor.person(ada), a=ada, b=bob)
    with pytest.raises(UnknownEvent) as error:
        app.confirm_event(Actor.person(bob), a=ada, b=bob, event=other.event_id)
    assert error.value.code == "UNKNOWN_EVENT"
    connected_id = event_id(relationship_id(ada, bob), 1)
    with pytest.raises(InvalidInput):
        app.confirm_event(Actor.person(bob), a=ada, b=bob, event=connected_id)
    with pytest.raises(UnknownAggregate):
        app.confirm_event(Actor.person(cy), a=cy, b=bob, event=other.event_id)


def test_thanks_confirm_the_help_they_name(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    helped = app.record_help(Actor.person(ada), giver=ada, receiver=bob, kind="advice")
    thanks = app.thank(Actor.person(bob), thanked=ada, for_event=helped.event_id)
    tie = app.get_relationship(ada, bob)
    assert tie.unconfirmed == {} and tie.thanks == 1
    assert tie.thanked == {str(helped.event_id): str(thanks.event_id)}
    event = app.history(thanks.aggregate_id)[-1]
    assert type(event).__name__ == "Thanked"
    assert (event.thanker, event.thanked, event.for_event) == (bob, ada, str(helped.event_id))
    with pytest.raises(InvalidTransition):
        app.thank(Actor.person(bob), thanked=ada, for_event=helped.event_id)


def test_thanks_must_name_a_help_the_thanked_person_gave(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    met = app.record_meeting(ADMIN, a=ada, b=bob)
    bobs_help = app.record_help(ADMIN, giver=bob, receiver=ada)
    with pytest.raises(UnconfirmableThanks) as error:
        app.thank(Actor.person(bob), thanked=ada, for_event=met.event_id)
    assert error.value.code == "UNCONFIRMABLE_THANKS"
    with pytest.raises(UnconfirmableThanks):  # ada did not give this one, bob did
        app.thank(Actor.person(bob), thanked=ada, for_event=bobs_help.event_id)
    with pytest.raises(UnknownEvent):
        app.thank(Actor.person(bob), thanked=ada, for_event=uuid4())
    assert app.get_relationship(ada, bob).thanks == 0


def test_thanks_only_in_ones_own_name(app: Goodwill, person) -> None:
    ada, bob, eve = person(), person(), person()
    helped = app.record_help(ADMIN, giver=ada, receiver=bob)
    with pytest.raises(Forbidden):
        app.thank(Actor.person(eve), thanker=bob, thanked=ada, for_event=helped.event_id)
    with pytest.raises(UnknownAggregate):  # eve and ada share no relationship
        app.thank(Actor.person(eve), thanked=ada, for_event=helped.event_id)
    app.thank(ADMIN, thanker=bob, thanked=ada, for_event=helped.event_id)
    assert app.get_relationship(ada, bob).thanks == 1


def test_classify(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    app.connect(ADMIN, a=ada, b=bob)
    app.classify(Actor.person(ada), a=ada, b=bob, kind="strategic")
    app.classify(Actor.person(bob), a=ada, b=bob, kind="personal")
    tie = app.get_relationship(ada, bob)
    assert tie.kind == "personal" and tie.kinds == {ada: "strategic", bob: "personal"}
    with pytest.raises(InvalidInput):
        app.classify(Actor.person(ada), a=ada, b=bob, kind="romantic")
    with pytest.raises(Forbidden):
        app.classify(Actor.person(ada), a=ada, b=bob, kind="personal", by=bob)
    with pytest.raises(UnknownAggregate):
        app.classify(Actor.person(ada), a=ada, b=person(), kind="personal")


@pytest.mark.parametrize("value", [-1, "much", True])
def test_help_value_is_a_positive_number(app: Goodwill, person, value: object) -> None:
    ada, bob = person(), person()
    with pytest.raises(InvalidInput):
        app.record_help(ADMIN, giver=ada, receiver=bob, value=value)  # type: ignore[arg-type]
    assert app.find_relationship(ada, bob) is None  # not even the Connected was written
