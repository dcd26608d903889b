"""Merging two records of one person (`merge_people`), on every real event store: one event
on each record, the duplicate's identifiers move to the survivor (imports then match the
survivor), commands naming the duplicate are refused with where it went, typed errors for
the impossible merges, who may merge, and forgetting the survivor forgets both records."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.actors import Actor
from domain.app import Goodwill
from domain.audit import audit_trail
from domain.contacts import linkedin
from domain.contacts.apply import apply
from domain.contacts.directory import Directory
from domain.contacts.plan import plan
from domain.errors import (
    AlreadyMerged,
    Forbidden,
    PersonIsForgotten,
    PersonWasMerged,
    SelfMerge,
    UnknownPerson,
)
from domain.imports import Importer, handle_id, parse

ADMIN = Actor.admin()
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def people(app: Goodwill) -> tuple[str, str]:
    """Ana registered herself; an import registered a second record of her."""
    ana = str(app.register_person(ADMIN, name="Ana Ruiz", emails=["ana@home.example"])
              .aggregate_id)
    imported = str(app.register_person(
        ADMIN, name="Ana R.", emails=["ana@work.example"],
        profiles=["linkedin.com/in/ana-ruiz"]).aggregate_id)
    return ana, imported


def test_a_merge_records_an_event_on_each_record_and_moves_the_identifiers(
        app: Goodwill) -> None:
    ana, imported = people(app)
    recorded = app.merge_people(ADMIN, survivor=ana, duplicate=imported)
    assert str(recorded.aggregate_id) == imported
    duplicate, survivor = app.get_person(imported), app.get_person(ana)
    assert (duplicate.merged_into, duplicate.emails, duplicate.profiles) == (ana, [], [])
    assert survivor.absorbed == [imported]
    assert survivor.emails == ["ana@home.example", "ana@work.example"]
    assert survivor.profiles == ["linkedin.com/in/ana-ruiz"]
    assert [type(e).__name__ for e in app.history(imported)][-1] == "PersonMerged"
    assert [type(e).__name__ for e in app.history(ana)][-1] == "PersonAbsorbed"
    directory = Directory.of(app)  # the identifier index agrees with the aggregates
    assert directory.people_with(("email", "ana@work.example")) == {ana}
    assert directory.people_with(("linkedin", "linkedin.com/in/ana-ruiz")) == {ana}
    assert directory.records_of(ana) == [ana, imported]


def test_commands_naming_the_duplicate_are_refused_with_the_survivor(app: Goodwill) -> None:
    ana, imported = people(app)
    ben = str(app.register_person(ADMIN, name="Ben").aggregate_id)
    app.merge_people(ADMIN, survivor=ana, duplicate=imported)
    with pytest.raises(PersonWasMerged) as refused:
        app.record_meeting(ADMIN, a=imported, b=ben, context="coffee")
    assert refused.value.code == "PERSON_MERGED"
    assert refused.value.details == {"person": imported, "survivor": ana}
    with pytest.raises(PersonWasMerged):
        app.update_profile(ADMIN, person=imported, headline="x")
    with pytest.raises(PersonWasMerged):
        app.forget_person(ADMIN, person=imported)
    app.record_meeting(ADMIN, a=ana, b=ben, context="coffee")  # the survivor acts


def test_impossible_merges_are_typed_errors(app: Goodwill) -> None:
    ana, imported = people(app)
    ben = str(app.register_person(ADMIN, name="Ben").aggregate_id)
    with pytest.raises(SelfMerge):
        app.merge_people(ADMIN, survivor=ana, duplicate=ana)
    with pytest.raises(UnknownPerson):
        app.merge_people(ADMIN, survivor=ana, duplicate="00000000-0000-4000-8000-000000000001")
    with pytest.raises(UnknownPerson):
        app.merge_people(ADMIN, survivor="00000000-0000-4000-8000-000000000001",
                         duplicate=ana)
    app.merge_people(ADMIN, survivor=ana, duplicate=imported)
    with pytest.raises(AlreadyMerged) as twice:
        app.merge_people(ADMIN, survivor=ben, duplicate=imported)
    assert twice.value.details["survivor"] == ana
    with pytest.raises(PersonWasMerged):  # into a merged-away record
        app.merge_people(ADMIN, survivor=imported, duplicate=ben)
    app.forget_person(ADMIN, person=ben)
    carl = str(app.register_person(ADMIN, name="Carl").aggregate_id)
    with pytest.raises(PersonIsForgotten):  # into a forgotten person
        app.merge_people(ADMIN, survivor=ben, duplicate=carl)


def test_a_person_merges_only_an_imported_record_into_themself(app: Goodwill) -> None:
    ana = str(app.register_person(ADMIN, name="Ana").aggregate_id)
    app.update_profile(Actor.person(ana), headline="Sales")  # Ana acted herself
    ben = str(app.register_person(ADMIN, name="Ben").aggregate_id)
    imported = str(app.register_person(Actor.person(ben), name="Ana (from Ben)").aggregate_id)
    with pytest.raises(Forbidden):  # not as someone else
        app.merge_people(Actor.person(ben), survivor=ana, duplicate=imported)
    with pytest.raises(Forbidden, match="an admin merges it"):  # Ana's own record
        app.merge_people(Actor.person(imported), survivor=imported, duplicate=ana)
    app.merge_people(Actor.person(ana), survivor=ana, duplicate=imported)
    assert app.get_person(imported).merged_into == ana


def test_forgetting_the_survivor_forgets_the_duplicate_too(app: Goodwill) -> None:
    ana, imported = people(app)
    app.merge_people(ADMIN, survivor=ana, duplicate=imported)
    app.forget_person(ADMIN, person=ana)
    for record in (ana, imported):
        person = app.get_person(record)
        assert person.forgotten
        for event in app.history(record):  # nothing personal left readable
            for field in ("name", "headline", "emails", "phones", "profiles"):
                assert getattr(event, field, None) in (None, "", [], "[erased]"), (
                    type(event).__name__, field)
    stored = b"".join(n.state for n in app.recorder.select_notifications(1, 100))
    for clear in (b"ana@home.example", b"ana@work.example", b"ana-ruiz", b"Ana"):
        assert clear not in stored
    assert Directory.of(app).people_with(("email", "ana@work.example")) == set()


def test_the_survivors_trail_and_the_duplicates_keep_both_ids(app: Goodwill) -> None:
    ana, imported = people(app)
    app.merge_people(ADMIN, survivor=ana, duplicate=imported)
    absorbed = audit_trail(app, ana)[-1]
    merged = audit_trail(app, imported)[-1]
    assert (absorbed.event, absorbed.aggregate_id, absorbed.attributes["duplicate"]) == (
        "PersonAbsorbed", ana, imported)
    assert (merged.event, merged.aggregate_id, merged.attributes["into"]) == (
        "PersonMerged", imported, ana)


def test_a_contact_import_rerun_after_a_merge_records_nothing(
        app: Goodwill, tmp_path: Path) -> None:
    hugo = str(app.register_person(ADMIN, name="Hugo").aggregate_id)
    path = tmp_path / "Connections.csv"
    path.write_text("\r\n".join((
        HEADER, "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,,Northwind,Sales,12 Mar 2021"))
        + "\r\n", encoding="utf-8")
    first = plan(app, hugo, linkedin.read(path))
    apply(app, first)
    imported = first.steps[0].person
    assert imported is not None
    # she registers herself later, her profile as the export shows it
    ana = str(app.register_person(Actor.admin(), name="Ana Ruiz", headline="Sales",
                                  organization="Northwind").aggregate_id)
    app.merge_people(ADMIN, survivor=ana, duplicate=imported)
    head = app.max_notification_id()
    again = plan(app, hugo, linkedin.read(path))
    assert [(s.outcome, s.person, s.new_tie) for s in again.steps] == [
        ("matched", ana, False)]
    apply(app, again)
    assert app.max_notification_id() == head


def test_a_json_lines_import_rerun_after_a_merge_records_nothing(app: Goodwill) -> None:
    lines = [
        '{"command": "register_person", "args": {"person_id": "@member-12", "name": "Ana"}}',
        '{"command": "register_person", "args": {"person_id": "@ben", "name": "Ben"}}',
        '{"command": "record_meeting", "args": {"a": "@member-12", "b": "@ben"}}',
        '{"command": "register_person", "args": {"person_id": "@ana", "name": "Ana Ruiz"}}',
        '{"command": "merge_people", "args": {"survivor": "@ana", "duplicate": "@member-12"}}',
    ]
    first = Importer(app).run(list(parse(lines)))
    assert first.events == 7  # three people, a connection and a meeting, the merge's two
    assert app.get_person(handle_id("@member-12")).merged_into == handle_id("@ana")
    head = app.max_notification_id()
    again = Importer(app).run(list(parse(lines)))
    assert (again.events, app.max_notification_id()) == (0, head)
