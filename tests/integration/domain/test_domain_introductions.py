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


def test_made_directly_without_a_request(app: Goodwill, trio) -> None:
    a, broker, b = trio
    made = app.make_introduction(Actor.person(broker), a=a, b=b, context="dinner")
    assert made.version == 1
    [event] = app.history(made.aggregate_id)
    assert type(event).__name__ == "IntroductionMade"
    assert (event.broker, event.a, event.b, event.requested) == (broker, a, b, False)
    assert app.get_introduction(made.aggregate_id).status == "made"
    assert app.get_relationship(a, b).source == "introduced"


def test_no_second_connected_when_they_already_know_each_other(app: Goodwill, trio) -> None:
    a, broker, b = trio
    app.record_meeting(ADMIN, a=a, b=b)
    before = app.max_notification_id()
    app.make_introduction(Actor.person(broker), a=a, b=b)
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
