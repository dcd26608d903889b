from __future__ import annotations

from uuid import uuid4

import pytest

from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import (
    BrokerUnavailable,
    Forbidden,
    InvalidInput,
    InvalidTransition,
    NotAParticipant,
    NotConnected,
    SelfRelationship,
    UnknownAggregate,
    UnknownPerson,
)

ADMIN = Actor.admin()


@pytest.fixture
def trio(person) -> tuple[str, str, str]:
    return person("Requester"), person("Broker"), person("Target")


def test_requested_accepted_made_connects_the_two(app: Goodwill, trio) -> None:
    req, broker, target = trio
    asked = app.request_introduction(Actor.person(req), target=target, broker=broker,
                                     message="Could you introduce me?",
                                     path=[req, broker, target])
    intro = app.get_introduction(asked.aggregate_id)
    assert (intro.status, intro.requester, intro.broker, intro.target) == (
        "requested", req, broker, target)
    assert intro.path == [req, broker, target]
    app.accept_introduction(Actor.person(broker), introduction=asked.aggregate_id)
    before = app.max_notification_id()
    made = app.make_introduction(Actor.person(broker), introduction=asked.aggregate_id,
                                 context="both in fintech")
    assert made.aggregate_id == asked.aggregate_id and made.version == 3
    assert app.max_notification_id() == before + 2  # IntroductionMade + Connected, together
    event = app.history(made.aggregate_id)[-1]
    assert type(event).__name__ == "IntroductionMade"
    assert (event.broker, event.a, event.b, event.requested) == (broker, req, target, True)
    tie = app.get_relationship(req, target)
    assert (tie.source, tie.introduced_by, tie.introduction_id) == (
        "introduced", broker, str(asked.aggregate_id))


def test_a_declined_request_cannot_be_made(app: Goodwill, trio) -> None:
    req, broker, target = trio
    asked = app.request_introduction(Actor.person(req), target=target, broker=broker)
    app.decline_introduction(Actor.person(broker), introduction=asked.aggregate_id,
                             reason="not a fit")
    intro = app.get_introduction(asked.aggregate_id)
    assert intro.status == "declined" and intro.decline_reason == "not a fit"
    for attempt in (
        lambda: app.make_introduction(Actor.person(broker), introduction=asked.aggregate_id),
        lambda: app.accept_introduction(Actor.person(broker), introduction=asked.aggregate_id),
        lambda: app.decline_introduction(Actor.person(broker), introduction=asked.aggregate_id),
    ):
        with pytest.raises(InvalidTransition) as error:
            attempt()
        assert error.value.code == "INVALID_TRANSITION"
    assert app.find_relationship(req, target) is None


def test_made_is_final(app: Goodwill, trio) -> None:
    req, broker, target = trio
    asked = app.request_introduction(Actor.person(req), target=target, broker=broker)
    app.make_introduction(Actor.person(broker), introduction=asked.aggregate_id)
    with pytest.raises(InvalidTransition):
        app.make_introduction(Actor.person(broker), introduction=asked.aggregate_id)
    with pytest.raises(InvalidTransition):
        app.decline_introduction(Actor.person(broker), introduction=asked.aggregate_id)


def test_only_the_broker_answers(app: Goodwill, trio) -> None:
    req, broker, target = trio
    asked = app.request_introduction(Actor.person(req), target=target, broker=broker)
    for actor in (Actor.person(req), Actor.person(target)):
        with pytest.raises(Forbidden):
            app.accept_introduction(actor, introduction=asked.aggregate_id)
        with pytest.raises(Forbidden):
            app.make_introduction(actor, introduction=asked.aggregate_id)
    app.accept_introduction(ADMIN, introduction=asked.aggregate_id)
    assert app.get_introduction(asked.aggregate_id).status == "accepted"


def _knows(app: Goodwill, broker: str, *people: str) -> None:
    for person in people:
        app.record_meeting(ADMIN, a=broker, b=person)


def test_made_directly_connects_nobody_until_one_of_the_two_confirms(app: Goodwill,
                                                                      trio) -> None:
    a, broker, b = trio
    _knows(app, broker, a, b)
    made = app.make_introduction(Actor.person(broker), a=a, b=b, context="dinner")
    assert made.version == 1
    [event] = app.history(made.aggregate_id)
    assert type(event).__name__ == "IntroductionMade"
    assert (event.broker, event.a, event.b, event.requested) == (broker, a, b, False)
    intro = app.get_introduction(made.aggregate_id)
    assert (intro.status, intro.confirmed_by) == ("made", [])
    assert app.find_relationship(a, b) is None  # the broker's word alone connects nobody
    app.confirm_introduction(Actor.person(b), introduction=made.aggregate_id)
    assert app.get_introduction(made.aggregate_id).confirmed_by == [b]
    tie = app.get_relationship(a, b)
    assert (tie.source, tie.introduced_by, tie.introduction_id) == (
        "introduced", broker, str(made.aggregate_id))
    app.confirm_introduction(Actor.person(a), introduction=made.aggregate_id)
    assert app.get_introduction(made.aggregate_id).confirmed_by == [b, a]
    with pytest.raises(InvalidTransition):  # once each
        app.confirm_introduction(Actor.person(a), introduction=made.aggregate_id)


def test_a_broker_introduces_only_people_they_have_a_tie_with(app: Goodwill, trio) -> None:
    a, broker, b = trio
    _knows(app, broker, a)
    before = app.max_notification_id()
    with pytest.raises(NotConnected) as error:
        app.make_introduction(Actor.person(broker), a=a, b=b)
    assert error.value.code == "NOT_CONNECTED"
    assert app.max_notification_id() == before
    made = app.make_introduction(ADMIN, broker=broker, a=a, b=b)  # an admin's record
    assert app.get_introduction(made.aggregate_id).confirmed_by == [a, b]
    assert app.get_relationship(a, b).source == "introduced"


def test_only_the_two_introduced_confirm_or_decline(app: Goodwill, trio, person) -> None:
    a, broker, b = trio
    _knows(app, broker, a, b)
    made = app.make_introduction(Actor.person(broker), a=a, b=b).aggregate_id
    outsider = person("Outsider")
    for actor in (broker, outsider):
        with pytest.raises(NotAParticipant):
            app.confirm_introduction(Actor.person(actor), introduction=made)
        with pytest.raises(NotAParticipant):
            app.refuse_introduction(Actor.person(actor), introduction=made)
    with pytest.raises(Forbidden):  # in their own name only
        app.confirm_introduction(Actor.person(outsider), introduction=made, person=a)
    app.confirm_introduction(Actor.person(a), introduction=made)
    app.refuse_introduction(Actor.person(b), introduction=made, reason="never met them")
    intro = app.get_introduction(made)
    assert (intro.status, intro.declined_by, intro.decline_reason) == (
        "declined", b, "never met them")
    for answer in (app.confirm_introduction, app.refuse_introduction):
        with pytest.raises(InvalidTransition):
            answer(Actor.person(b), introduction=made)


def test_a_request_not_yet_made_is_not_confirmed_by_the_introduced(app: Goodwill,
                                                                    trio) -> None:
    req, broker, target = trio
    asked = app.request_introduction(Actor.person(req), target=target, broker=broker)
    with pytest.raises(InvalidTransition):
        app.confirm_introduction(Actor.person(target), introduction=asked.aggregate_id)
    app.make_introduction(Actor.person(broker), introduction=asked.aggregate_id)
    assert app.get_introduction(asked.aggregate_id).confirmed_by == [req]  # by asking
    app.confirm_introduction(Actor.person(target), introduction=asked.aggregate_id)
    assert app.get_introduction(asked.aggregate_id).confirmed_by == [req, target]


def test_no_second_connected_when_they_already_know_each_other(app: Goodwill, trio) -> None:
    a, broker, b = trio
    app.record_meeting(ADMIN, a=a, b=b)
    _knows(app, broker, a, b)
    made = app.make_introduction(Actor.person(broker), a=a, b=b)
    before = app.max_notification_id()
    app.confirm_introduction(Actor.person(a), introduction=made.aggregate_id)
    assert app.max_notification_id() == before + 1
    assert app.get_relationship(a, b).source == "met"


def test_three_different_people(app: Goodwill, trio) -> None:
    req, broker, target = trio
    with pytest.raises(SelfRelationship):
        app.request_introduction(Actor.person(req), target=req, broker=broker)
    with pytest.raises(SelfRelationship):
        app.request_introduction(Actor.person(req), target=target, broker=req)
    with pytest.raises(SelfRelationship):
        app.make_introduction(Actor.person(broker), a=req, b=broker)
    assert app.max_notification_id() == 3


def test_request_checks_people_path_and_broker_preference(app: Goodwill, trio) -> None:
    req, broker, target = trio
    with pytest.raises(UnknownPerson):
        app.request_introduction(Actor.person(req), target=uuid4(), broker=broker)
    with pytest.raises(InvalidInput):
        app.request_introduction(Actor.person(req), target=target, broker=broker,
                                 path=[target, broker, req])
    with pytest.raises(Forbidden):
        app.request_introduction(Actor.person(target), requester=req, target=target,
                                 broker=broker)
    app.set_brokering_preference(Actor.person(broker), accepts_introduction_requests=False)
    with pytest.raises(BrokerUnavailable) as error:
        app.request_introduction(Actor.person(req), target=target, broker=broker)
    assert error.value.code == "BROKER_UNAVAILABLE"


def test_make_needs_either_a_request_or_two_people(app: Goodwill, trio) -> None:
    a, broker, _ = trio
    with pytest.raises(InvalidInput):
        app.make_introduction(Actor.person(broker), a=a)
    with pytest.raises(InvalidInput):
        app.make_introduction(Actor.person(broker), introduction=uuid4(), a=a, b=broker)
    with pytest.raises(UnknownAggregate) as error:
        app.make_introduction(Actor.person(broker), introduction=uuid4())
    assert error.value.code == "UNKNOWN_AGGREGATE"
