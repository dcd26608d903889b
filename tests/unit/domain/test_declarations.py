"""The declarations are the single source of the command and event vocabulary: every
surface derives from them, and every field of every event is decided (personal or not)."""

from __future__ import annotations

import pytest

from api.vocabulary import DOCS_FILE, updated
from domain.app import Goodwill
from domain.declarations import Field, Participant, Themself, commands, events
from domain.errors import InvalidInput
from domain.imports import Importer, handle_id, parse

TEXT = (str, list[str])


def _decided(field: Field) -> bool:
    return (field.personal is not None or field.plain or field.ref is not None
            or field.choice is not None or bool(field.words))


def test_every_text_field_of_every_event_is_decided() -> None:
    undecided = [f"{e.name}.{f.name}" for e in events() for f in e.fields
                 if f.base in TEXT and not _decided(f)]
    assert undecided == []


def test_every_text_field_of_every_command_is_decided() -> None:
    undecided = [f"{name}.{f.name}" for name, spec in commands().items() for f in spec.fields
                 if f.base in TEXT and not _decided(f)]
    assert undecided == []


def test_personal_marks_name_people_the_aggregate_knows() -> None:
    """`Personal(...)` names the people a field is about by a role their aggregate has."""
    roles = {"Person": {"subject"}, "Relationship": {"pair", "giver", "receiver"},
             "Introduction": {"requester", "target", "broker", "a", "b"},
             "Referral": {"giver", "receiver"}, "Group": {"founder", "member", "client"}}
    for event in events():
        for field in event.fields:
            assert set(field.personal or ()) <= roles[event.aggregate], (event.name, field)


def test_the_docs_tables_are_the_declarations() -> None:
    text = DOCS_FILE.read_text(encoding="utf-8")
    assert updated(text) == text, "docs drifted: run `goodwill docs --write` and commit it"
    for name in commands():
        assert f"| `{name}` (" in text
    for event in events():
        assert f"| `{event.name}` |" in text


def test_each_command_method_is_its_declaration() -> None:
    app = Goodwill.from_url("memory:")
    for name, spec in commands().items():
        method = getattr(app, name)
        assert method.__name__ == name and method.__doc__ == spec.doc
        assert spec.issuer is not None
        for who in (spec.issuer.field,) if isinstance(spec.issuer, Themself) else ():
            assert who in spec.names, name
        if isinstance(spec.issuer, Participant):
            for who in (spec.issuer.first, spec.issuer.second):
                assert who in spec.names, name
    assert len({s.decide for s in commands().values()}) == len(commands())


@pytest.mark.parametrize("name", sorted(commands()))
def test_unknown_and_missing_arguments_are_clear_errors(name: str) -> None:
    spec = commands()[name]
    with pytest.raises(InvalidInput, match=f"{name} takes .*; not colour"):
        spec.bind({"colour": "blue"})
    required = [f.name for f in spec.fields if f.required]
    if required:
        with pytest.raises(InvalidInput, match=f"{name} needs {required[0]}"):
            spec.bind({})


def test_ids_are_normalised_once_for_every_surface() -> None:
    spec = commands()["record_meeting"]
    upper = "6F1C2A4E-8D0B-4F7A-9C3E-2B1D4A6F8E01"
    assert spec.bind({"a": upper, "b": upper.lower()})["a"] == upper.lower()
    with pytest.raises(InvalidInput, match="person id must be a UUID"):
        spec.bind({"a": "nobody", "b": upper})


def test_imports_resolve_handles_in_exactly_the_declared_id_fields() -> None:
    app = Goodwill.from_url("memory:")
    lines = list(parse(['{"command": "register_person", "args": {"person_id": "@ana", '
                        '"name": "@ana"}}']))
    Importer(app).run(lines)
    # person_id is declared an id: the handle stands for an id; name is text: kept as written
    assert app.get_person(handle_id("@ana")).name == "@ana"
