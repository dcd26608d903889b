from __future__ import annotations

import uuid
from uuid import UUID, uuid4, uuid5

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import ids
from domain.actors import Actor
from domain.errors import InvalidInput
from domain.ids import as_id, as_uuid, event_id, relationship_id, sorted_pair


@given(st.uuids(), st.uuids())
def test_relationship_id_is_one_per_unordered_pair(a: UUID, b: UUID) -> None:
    assert relationship_id(a, b) == relationship_id(b, a) == relationship_id(str(b), str(a))


def test_relationship_ids_differ_per_pair_and_are_stable() -> None:
    a, b, c = (UUID(int=i) for i in (1, 2, 3))
    assert relationship_id(a, b) != relationship_id(a, c)
    # fixed forever: changing the namespace or the format would re-key every store
    assert str(relationship_id(a, b)) == "f48c5438-355c-5435-a843-036507f36be8"
    assert relationship_id(a, b) == relationship_id(str(a).upper(), str(b))


def test_event_id_is_uuid5_of_aggregate_and_version() -> None:
    aggregate = uuid4()
    assert event_id(aggregate, 3) == uuid5(aggregate, "3")
    assert event_id(str(aggregate), 3) == event_id(aggregate, 3) != event_id(aggregate, 4)


@given(st.uuids(), st.text())
def test_the_fast_uuid5_derives_the_standard_ids(namespace: UUID, name: str) -> None:
    assert ids.uuid5(namespace, name) == uuid.uuid5(namespace, name)


@given(st.uuids())
def test_ids_in_any_spelling_parse_to_one_canonical_form(value: UUID) -> None:
    for spelling in (str(value), str(value).upper(), value.hex, f"{{{value}}}", value):
        assert as_id(spelling) == str(value)
        assert as_uuid(spelling) == value


def test_ids_are_validated() -> None:
    with pytest.raises(InvalidInput) as error:
        as_id("nope")
    assert error.value.code == "INVALID_INPUT"
    with pytest.raises(InvalidInput):
        sorted_pair(None, uuid4())  # type: ignore[arg-type]
    assert as_id(UUID(int=5)) == "00000000-0000-0000-0000-000000000005"
    for wrong in ("nope", "nope", 5, None, ""):  # asked twice: failures are not remembered
        with pytest.raises(InvalidInput):
            as_uuid(wrong)  # type: ignore[arg-type]


def test_actors() -> None:
    pid = uuid4()
    person = Actor.person(pid)
    assert (person.recorded_by, person.is_privileged) == (str(pid), False)
    assert (Actor.admin().recorded_by, Actor.admin().is_privileged) == ("admin", True)
    assert (Actor.system().recorded_by, Actor.system().is_privileged) == ("system", True)
    with pytest.raises(ValueError):
        Actor(role="person")
    with pytest.raises(ValueError):
        Actor(role="admin", person_id=str(pid))
    with pytest.raises(InvalidInput):
        Actor.person("someone")
