"""A person's identifiers: normalised when recorded, sealed at rest as their personal data,
gone when they are forgotten, and older registrations load with none."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import Forbidden, InvalidInput

ADMIN = Actor.admin()


def test_identifiers_are_normalised_and_replaced_per_kind(app: Goodwill) -> None:
    ana = str(app.register_person(
        ADMIN, name="Ana", emails=["Ana@Example.com", "ana@example.COM"],
        profiles=["https://www.linkedin.com/in/Ana-Ruiz/"]).aggregate_id)
    person = app.get_person(ana)
    assert (person.emails, person.phones, person.profiles) == (
        ["ana@example.com"], [], ["linkedin.com/in/ana-ruiz"])
    app.set_identifiers(Actor.person(ana), phones=["+351 912 345 678"])
    person = app.get_person(ana)
    assert person.identifiers == [("email", "ana@example.com"), ("phone", "+351912345678"),
                                  ("linkedin", "linkedin.com/in/ana-ruiz")]
    app.set_identifiers(Actor.person(ana), emails=[])
    assert app.get_person(ana).emails == []


def test_only_the_person_or_an_admin_sets_their_identifiers(app: Goodwill) -> None:
    ana = str(app.register_person(ADMIN, name="Ana").aggregate_id)
    ben = str(app.register_person(ADMIN, name="Ben").aggregate_id)
    with pytest.raises(Forbidden):
        app.set_identifiers(Actor.person(ben), person=ana, emails=["x@example.com"])
    with pytest.raises(InvalidInput, match="not an e-mail"):
        app.set_identifiers(Actor.person(ana), emails=["not-an-address"])
    with pytest.raises(InvalidInput, match="Nothing to set"):
        app.set_identifiers(Actor.person(ana))


def test_identifiers_are_sealed_at_rest_and_erased_with_the_person(app: Goodwill) -> None:
    ana = str(app.register_person(ADMIN, name="Ana", emails=["ana@example.com"],
                                  phones=["+351912345678"]).aggregate_id)
    app.set_identifiers(Actor.person(ana), profiles=["linkedin.com/in/ana-ruiz"])
    stored = b"".join(n.state for n in app.recorder.select_notifications(1, 100))
    for clear in (b"ana@example.com", b"+351912345678", b"ana-ruiz"):
        assert clear not in stored
    app.forget_person(ADMIN, person=ana)
    person = app.get_person(ana)
    assert (person.emails, person.phones, person.profiles) == ([], [], [])
    registered, identifiers_set, _forgotten = app.history(ana)
    assert (registered.emails, registered.phones) == ([], [])  # read as erased
    assert identifiers_set.profiles == []


def test_a_version_2_registration_loads_with_no_identifiers(app: Goodwill) -> None:
    person_id = uuid4()
    when = datetime(2023, 5, 1, tzinfo=UTC)
    state = {"timestamp": when, "originator_topic": "domain.person:Person", "at": when,
             "recorded_by": "system", "idempotency_key": None, "name": "Grace",
             "headline": "", "organization": None, "tags": ["finance"], "class_version": 2}
    app.recorder.insert_events([StoredEvent(
        originator_id=person_id, originator_version=1,
        topic="domain.person:Person.PersonRegistered",
        state=app.mapper.transcoder.encode(state))])
    person = app.get_person(person_id)
    assert (person.tags, person.emails, person.phones, person.profiles) == (
        ["finance"], [], [], [])
