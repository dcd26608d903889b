"""Importing a Google Contacts CSV as one person, on every real event store: labels become
the new person's tags, Notes the importer's private tie context, people already here (from
a vCard import, say) are matched on a shared identifier, a rerun records nothing."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from api.cli import app as cli
from domain.actors import Actor
from domain.app import Goodwill
from domain.contacts import google, vcard
from domain.contacts.apply import apply
from domain.contacts.plan import plan
from domain.imports import handle_id

DATA = Path(__file__).parents[2] / "data"
CONTACTS = DATA / "google" / "contacts.csv"


def test_a_google_export_goes_in_with_tags_and_private_notes(app: Goodwill) -> None:
    hugo = str(app.register_person(Actor.admin(), name="Hugo").aggregate_id)
    planned = plan(app, hugo, google.read(CONTACTS, region="PT"))
    assert (planned.count("new"), planned.ties_new, len(planned.skipped)) == (4, 4, 1)
    done = apply(app, planned, source="google")
    assert (done.people, done.ties) == (4, 4)
    ana = next(s.person for s in planned.steps if s.contact.name == "Ana Ruiz")
    assert ana is not None
    person = app.get_person(ana)
    assert (person.tags, person.organization, person.headline) == (
        ["logistics", "Lisbon"], "Northwind Logistics", "Head of Sales, EMEA")
    assert person.emails == ["ana.ruiz@northwind.example", "ana@home.example"]
    [connected] = app.history(app.get_relationship(hugo, ana).id)
    assert (connected.source, connected.recorded_by) == ("imported", hugo)
    assert connected.context.startswith("Met at the port conference")
    stored = b"".join(n.state for n in app.recorder.select_notifications(1, 1000))
    assert b"port conference" not in stored and b"northwind.example" not in stored
    head = app.max_notification_id()
    again = plan(app, hugo, google.read(CONTACTS, region="PT"))
    assert (again.count("matched"), again.writes) == (4, [])
    assert app.max_notification_id() == head


def test_a_row_matches_the_person_a_vcard_import_brought(app: Goodwill) -> None:
    hugo = str(app.register_person(Actor.admin(), name="Hugo").aggregate_id)
    apply(app, plan(app, hugo, vcard.read(DATA / "vcard" / "contacts.vcf", region="PT")))
    planned = plan(app, hugo, google.read(DATA / "google" / "contacts-older-layout.csv"))
    ben, ana = planned.steps
    assert (ana.outcome, ana.matched_on, ana.tie_exists) == (
        "matched", ("email", "ana@home.example"), True)
    assert (ben.outcome, ben.new_tie) == ("new", True)


def test_the_cli_imports_a_google_export_and_a_dry_run_writes_nothing(
        app: Goodwill, store_url: str) -> None:
    app.register_person(Actor.admin(), name="Hugo Silva", person_id=handle_id("@hugo"))
    head = app.max_notification_id()
    args = ["import", "google", str(CONTACTS), "--as", "@hugo", "--region", "PT",
            "--store", store_url]
    dry = CliRunner().invoke(cli, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "people new       │ 4" in dry.output and "Dry run: nothing was written." in dry.output
    assert app.max_notification_id() == head
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "line 6: skipped, no e-mail, phone or LinkedIn profile" in result.output
    assert "line 7: 太郎 山田: phone left out" in result.output
    assert "Registered 4 people and recorded 4 ties" in result.output
    rerun = CliRunner().invoke(cli, args)
    assert "Nothing new to record." in rerun.output


def test_the_cli_stops_on_a_bad_file_with_its_line(app: Goodwill, store_url: str,
                                                   tmp_path: Path) -> None:
    app.register_person(Actor.admin(), name="Hugo Silva", person_id=handle_id("@hugo"))
    bad = tmp_path / "contacts.csv"
    bad.write_text("First Name,Last Name,E-mail 1 - Value\r\nAna,Ruiz,ana@example.com\r\n"
                   "Ben,Okafor,not-an-address,extra\r\n", encoding="utf-8")
    head = app.max_notification_id()
    result = CliRunner().invoke(cli, ["import", "google", str(bad), "--as", "@hugo",
                                      "--store", store_url])
    output = " ".join(result.output.split())  # as one line, however the terminal wraps it
    assert result.exit_code == 1
    assert "Line 3: 4 fields where the header has 3" in output
    assert app.max_notification_id() == head
