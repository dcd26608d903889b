from __future__ import annotations

from uuid import uuid4

import pytest

from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import (
    AlreadyExists,
    Forbidden,
    InvalidInput,
    PersonIsForgotten,
    UnknownPerson,
)

ADMIN = Actor.admin()


def test_register_person_records_the_profile(app: Goodwill) -> None:
    recorded = app.register_person(
        ADMIN, name="  Ada Lovelace ", headline="Analyst", organization="Engines Ltd",
        tags=["maths", "Maths", "engines"],
    )
    person = app.get_person(recorded.aggregate_id)
    assert (person.name, person.headline, person.organization) == (
        "Ada Lovelace", "Analyst", "Engines Ltd")
    assert person.tags == ["maths", "engines"]
    assert person.accepts_introduction_requests is True
    assert person.forgotten is False
    assert recorded.version == 1
    [event] = app.history(recorded.aggregate_id)
    assert type(event).__name__ == "PersonRegistered"
    assert event.event_id == recorded.event_id
    assert event.recorded_by == "admin"


def test_register_with_a_given_id_and_refuse_a_taken_one(app: Goodwill) -> None:
    pid = uuid4()
    assert app.register_person(ADMIN, name="A", person_id=pid).aggregate_id == pid
    with pytest.raises(AlreadyExists) as error:
        app.register_person(ADMIN, name="B", person_id=str(pid))
    assert error.value.code == "ALREADY_EXISTS"
    assert app.get_person(pid).name == "A"


@pytest.mark.parametrize("name", ["", "   ", None, "x" * 201])
def test_register_needs_a_sensible_name(app: Goodwill, name: str | None) -> None:
    with pytest.raises(InvalidInput):
        app.register_person(ADMIN, name=name)  # type: ignore[arg-type]
    assert app.max_notification_id() == 0


def test_update_profile_by_self_changes_only_what_is_given(app: Goodwill, person) -> None:
    ada = person("Ada", headline="Analyst", organization="Engines Ltd", tags=["maths"])
    app.update_profile(Actor.person(ada), headline="Programmer")
    p = app.get_person(ada)
    assert (p.name, p.headline, p.organization, p.tags) == (
        "Ada", "Programmer", "Engines Ltd", ["maths"])
    app.update_profile(ADMIN, person=ada, organization="", tags=[])
    p = app.get_person(ada)
    assert p.organization is None and p.tags == []


def test_nobody_edits_someone_elses_profile(app: Goodwill, person) -> None:
    ada, bob = person("Ada"), person("Bob")
    with pytest.raises(Forbidden) as error:
        app.update_profile(Actor.person(bob), person=ada, name="Mallory")
    assert error.value.code == "FORBIDDEN"
    assert app.get_person(ada).name == "Ada"


def test_update_with_nothing_to_change_is_refused(app: Goodwill, person) -> None:
    ada = person("Ada")
    with pytest.raises(InvalidInput):
        app.update_profile(Actor.person(ada))


def test_unknown_person(app: Goodwill) -> None:
    with pytest.raises(UnknownPerson) as error:
        app.update_profile(ADMIN, person=uuid4(), name="X")
    assert error.value.code == "UNKNOWN_PERSON"
    with pytest.raises(UnknownPerson):
        app.get_person(uuid4())
    with pytest.raises(InvalidInput):
        app.get_person("not-a-uuid")


def test_brokering_preference(app: Goodwill, person) -> None:
    ada = person("Ada")
    app.set_brokering_preference(Actor.person(ada), accepts_introduction_requests=False,
                                 note="busy until June")
    p = app.get_person(ada)
    assert p.accepts_introduction_requests is False and p.brokering_note == "busy until June"
    with pytest.raises(InvalidInput):
        app.set_brokering_preference(Actor.person(ada), accepts_introduction_requests="no")


def test_forgotten_person_disappears_from_reads_but_history_stays_countable(
    app: Goodwill, person
) -> None:
    ada, bob = person("Ada", headline="Analyst", organization="Engines", tags=["maths"]), person()
    app.update_profile(Actor.person(ada), name="Ada King")
    app.record_meeting(Actor.person(ada), a=ada, b=bob, context="tea")
    app.forget_person(Actor.person(ada))

    p = app.get_person(ada)
    assert p.forgotten is True
    assert (p.name, p.headline, p.organization, p.tags) == ("", "", None, [])
    history = app.history(ada)
    assert [type(e).__name__ for e in history] == [
        "PersonRegistered", "ProfileUpdated", "PersonForgotten"]
    # their key is gone: what they were is unreadable in the stored events themselves
    assert history[0].name == "[erased]" and history[0].tags == []
    assert history[0].organization is None and history[1].name is None
    met = [e for e in app.history(app.get_relationship(ada, bob).id) if type(e).__name__ == "Met"]
    assert [e.context for e in met] == ["[erased]"]  # about both of them: needs both keys
    # the anonymous history remains: the tie and its meeting still count
    tie = app.get_relationship(ada, bob)
    assert tie.meetings == 1


def test_nothing_more_is_recorded_about_a_forgotten_person(app: Goodwill, person) -> None:
    ada, bob = person("Ada"), person("Bob")
    app.forget_person(ADMIN, person=ada)
    before = app.max_notification_id()
    for attempt in (
        lambda: app.record_meeting(Actor.person(bob), a=bob, b=ada),
        lambda: app.update_profile(ADMIN, person=ada, name="Back"),
        lambda: app.forget_person(ADMIN, person=ada),
        lambda: app.give_referral(Actor.person(bob), receiver=ada, prospect_name="Z"),
        lambda: app.form_group(ADMIN, name="G", founder=ada),
    ):
        with pytest.raises(PersonIsForgotten) as error:
            attempt()
        assert error.value.code == "PERSON_FORGOTTEN"
    assert app.max_notification_id() == before


def test_a_person_actor_is_needed_to_act_for_oneself(app: Goodwill) -> None:
    with pytest.raises(InvalidInput):
        app.forget_person(ADMIN)
