"""Old stored events still load: a version-1 PersonRegistered (before tags existed),
written straight into the store, is upcast to version 2 on the way out."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from domain.actors import Actor
from domain.app import Goodwill
from domain.person import Person


def _write_v1_person(app: Goodwill, name: str) -> str:
    person_id = uuid4()
    when = datetime(2019, 5, 1, 12, 0, tzinfo=UTC)
    state = {  # exactly what version 1 wrote: no tags, no class_version
        "timestamp": when,
        "originator_topic": "domain.person:Person",
        "at": when,
        "recorded_by": "system",
        "idempotency_key": None,
        "name": name,
        "headline": "Founder",
        "organization": "Old Co",
    }
    app.recorder.insert_events([StoredEvent(
        originator_id=person_id,
        originator_version=1,
        topic="domain.person:Person.PersonRegistered",
        state=app.mapper.transcoder.encode(state),
    )])
    return str(person_id)


def test_v1_person_registered_loads_with_empty_tags(app: Goodwill) -> None:
    assert Person.PersonRegistered.class_version == 3
    old = _write_v1_person(app, "Grace")
    person = app.get_person(old)
    assert (person.name, person.organization, person.tags) == ("Grace", "Old Co", [])
    [event] = app.history(old)
    assert event.tags == [] and event.emails == []
    assert event.at == datetime(2019, 5, 1, 12, 0, tzinfo=UTC)
    [notification] = app.recorder.select_notifications(1, 10)
    assert app.mapper.to_domain_event(notification).tags == []


def test_an_upcast_person_takes_part_in_commands(app: Goodwill) -> None:
    old = _write_v1_person(app, "Grace")
    new = app.register_person(Actor.admin(), name="Linus").aggregate_id
    app.update_profile(Actor.person(old), tags=["compilers"])
    app.record_meeting(Actor.person(old), a=old, b=new)
    assert app.get_person(old).tags == ["compilers"]
    assert app.get_person(old).version == 2


def test_new_events_are_stored_at_version_3(app: Goodwill) -> None:
    pid = app.register_person(Actor.admin(), name="Ada", tags=["x"]).aggregate_id
    [stored] = app.recorder.select_events(pid)
    state = app.mapper.transcoder.decode(stored.state)
    assert state["class_version"] == 3 and "sealed" in state["tags"]  # personal: encrypted
    assert app.mapper.to_domain_event(stored).tags == ["x"]
