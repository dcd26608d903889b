"""Importing calendars as one person, on every real event store: each past occurrence is a
meeting between the importer and each attendee who is here (by e-mail), dated when it
began, its summary the meeting's sealed private context; the importer, strangers, people
who declined and events the importer declined make none; a rerun records nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from domain.actors import Actor
from domain.app import Goodwill
from domain.contacts import ical
from domain.contacts.apply import apply
from domain.contacts.plan import plan_meetings
from domain.imports import handle_id
from domain.relationship import Relationship

DATA = Path(__file__).parents[2] / "data" / "ical"
NOW = datetime(2025, 11, 1, tzinfo=UTC)


def people(app: Goodwill) -> tuple[str, str, str]:
    admin = Actor.admin()
    hugo = str(app.register_person(admin, name="Hugo Silva", person_id=handle_id("@hugo"),
                                   emails=["hugo@example.com"]).aggregate_id)
    ana = str(app.register_person(admin, name="Ana Ruiz",
                                  emails=["ana.ruiz@northwind.example"]).aggregate_id)
    ben = str(app.register_person(admin, name="Ben Okafor",
                                  emails=["ben.okafor@example.com"]).aggregate_id)
    return hugo, ana, ben


def meetings(app: Goodwill, a: str, b: str) -> list[tuple[datetime, str, str]]:
    tie = app.find_relationship(a, b)
    if tie is None:
        return []
    return [(e.at, e.context, e.recorded_by) for e in app.history(tie.id)
            if isinstance(e, Relationship.Met)]


def test_a_google_calendar_becomes_meetings_with_the_people_here(app: Goodwill) -> None:
    hugo, ana, ben = people(app)
    planned = plan_meetings(app, hugo, ical.read(DATA / "google.ics", NOW))
    assert [(m.occurrence.summary, m.person) for m in planned.meetings] == [
        ("Pipeline sync", ana), ("Pipeline sync (moved to Tuesday)", ana),
        ("Pipeline sync", ana),
        ("Lunch, freight insurers", ana),  # Ben declined, Carol is nobody here
        ("Offsite", ben)]  # the organiser, Hugo, is no counterpart of his own
    assert planned.strangers == 1
    done = apply(app, planned, source="ical")
    assert done.meetings == 5
    assert meetings(app, hugo, ana) == [
        (datetime(2025, 3, 17, 10, tzinfo=UTC), "Pipeline sync", hugo),
        (datetime(2025, 4, 1, 14, tzinfo=UTC), "Pipeline sync (moved to Tuesday)", hugo),
        (datetime(2025, 4, 7, 9, tzinfo=UTC), "Pipeline sync", hugo),
        (datetime(2025, 5, 2, 12, 30, tzinfo=UTC), "Lunch, freight insurers", hugo)]
    assert meetings(app, hugo, ben) == [(datetime(2025, 6, 10, tzinfo=UTC), "Offsite", hugo)]
    stored = b"".join(n.state for n in app.recorder.select_notifications(1, 1000))
    assert b"Pipeline sync" not in stored and b"freight insurers" not in stored  # sealed


def test_a_rerun_records_nothing_and_a_later_export_adds_what_passed(app: Goodwill) -> None:
    hugo, ana, _ben = people(app)
    apply(app, plan_meetings(app, hugo, ical.read(DATA / "apple.ics", NOW)))
    head = app.max_notification_id()
    again = plan_meetings(app, hugo, ical.read(DATA / "apple.ics", NOW))
    assert (len(again.meetings), again.meetings_new) == (2, [])
    apply(app, again)
    assert app.max_notification_id() == head
    later = plan_meetings(app, hugo, ical.read(DATA / "apple.ics",
                                               datetime(2026, 2, 1, tzinfo=UTC)))
    [new] = later.meetings_new
    assert (new.occurrence.at, new.person) == (datetime(2026, 1, 31, tzinfo=UTC), ana)


def test_an_event_the_importer_declined_is_no_meeting(app: Goodwill) -> None:
    hugo, ana, ben = people(app)
    planned = plan_meetings(app, hugo, ical.read(DATA / "apple.ics", NOW))
    assert [(m.occurrence.summary, m.person) for m in planned.meetings] == [
        ("Dinner at Borchardt", ben),  # Ben organised it: he is a counterpart
        ("Quarterly review", ana)]
    assert [(s.line, s.reason) for s in planned.skipped] == [
        (39, "the importer declined it")]


def test_outlook_occurrences_each_once(app: Goodwill) -> None:
    hugo, ana, ben = people(app)
    planned = plan_meetings(app, hugo, ical.read(DATA / "outlook.ics", NOW))
    assert sorted((m.occurrence.at.day, m.person == ana) for m in planned.meetings) == [
        (7, False), (7, True), (10, False), (10, True), (15, False)]
    apply(app, planned, batch=2)  # several transactions, all saved
    assert [at.day for at, _, _ in meetings(app, hugo, ben)] == [7, 10, 15]


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_cli_imports_a_calendar(app: Goodwill, store_url: str, dry_run: bool) -> None:
    hugo, ana, _ben = people(app)
    head = app.max_notification_id()
    args = ["import", "ical", str(DATA / "google.ics"), "--as", "@hugo", "--store", store_url]
    result = CliRunner().invoke(cli, args + (["--dry-run"] if dry_run else []))
    assert result.exit_code == 0, result.output
    assert "meetings new       │ 5" in result.output
    assert "attendees not here │ 1" in result.output
    assert "line 81: skipped, cancelled" in result.output
    if dry_run:
        assert app.max_notification_id() == head
        return
    assert "Recorded 5 meetings" in result.output
    assert len(meetings(app, hugo, ana)) == 4
    rerun = CliRunner().invoke(cli, args)
    assert "meetings existing  │ 5" in rerun.output and "Nothing new to record." in rerun.output


def test_the_cli_refuses_a_file_that_is_not_a_calendar(app: Goodwill, store_url: str) -> None:
    people(app)
    result = CliRunner().invoke(cli, ["import", "ical", str(DATA.parent / "vcard" /
                                                           "contacts.vcf"),
                                      "--as", "@hugo", "--store", store_url])
    assert result.exit_code == 1
    assert "this is not an iCalendar file" in " ".join(result.output.split())


def test_an_event_moved_after_an_import_is_not_a_second_meeting(app: Goodwill) -> None:
    hugo, _ana, _ben = people(app)
    text = (DATA / "google.ics").read_text(encoding="utf-8")
    apply(app, plan_meetings(app, hugo, ical.parse(text, NOW)))
    moved = text.replace("DTSTART:20250502T123000Z", "DTSTART:20250503T090000Z")
    assert moved != text
    again = plan_meetings(app, hugo, ical.parse(moved, NOW))
    assert again.meetings_new == []  # the lunch is the same event, by its UID
