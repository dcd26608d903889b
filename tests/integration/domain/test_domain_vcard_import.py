"""Importing an address book (vCard) as one person, on every real event store: CATEGORIES
become the new person's tags, NOTE the importer's private tie context, people already here
(from a LinkedIn import, say) are matched on a shared identifier, a rerun records nothing."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from api.cli import app as cli
from domain.actors import Actor
from domain.app import Goodwill
from domain.contacts import linkedin, vcard
from domain.contacts.apply import apply
from domain.contacts.plan import plan
from domain.imports import handle_id

DATA = Path(__file__).parents[2] / "data"
CARDS = DATA / "vcard" / "contacts.vcf"


def test_an_address_book_goes_in_with_tags_and_private_notes(app: Goodwill) -> None:
    hugo = str(app.register_person(Actor.admin(), name="Hugo").aggregate_id)
    planned = plan(app, hugo, vcard.read(CARDS, region="PT"))
    assert (planned.count("new"), planned.ties_new) == (3, 3)
    apply(app, planned, source="vcard")
    ana = next(s.person for s in planned.steps if s.contact.name == "Ana Ruiz")
    assert ana is not None
    person = app.get_person(ana)
    assert (person.tags, person.phones) == (["logistics", "Lisbon"],
                                            ["+351912345678", "+351211234567"])
    [connected] = app.history(app.get_relationship(hugo, ana).id)
    assert (connected.source, connected.recorded_by) == ("imported", hugo)
    assert connected.context.startswith("Met at the port conference")
    stored = b"".join(n.state for n in app.recorder.select_notifications(1, 1000))
    assert b"port conference" not in stored and b"+351912345678" not in stored
    head = app.max_notification_id()
    again = plan(app, hugo, vcard.read(CARDS, region="PT"))
    assert (again.count("matched"), again.writes) == (3, [])
    assert app.max_notification_id() == head


def test_a_card_matches_the_person_a_linkedin_import_brought(app: Goodwill) -> None:
    hugo = str(app.register_person(Actor.admin(), name="Hugo").aggregate_id)
    apply(app, plan(app, hugo, linkedin.read(DATA / "linkedin" / "Connections.csv")))
    planned = plan(app, hugo, vcard.read(CARDS, region="PT"))
    ana = next(s for s in planned.steps if s.contact.name == "Ana Ruiz")
    assert (ana.outcome, ana.matched_on, ana.tie_exists) == (
        "matched", ("linkedin", "linkedin.com/in/ana-ruiz-1a2b3c"), True)
    assert (planned.count("new"), planned.count("matched")) == (2, 1)


def test_the_cli_imports_a_vcard_with_a_region(app: Goodwill, store_url: str) -> None:
    app.register_person(Actor.admin(), name="Hugo Silva", person_id=handle_id("@hugo"))
    result = CliRunner().invoke(cli, ["import", "vcard", str(CARDS), "--as", "@hugo",
                                      "--region", "PT", "--store", store_url])
    assert result.exit_code == 0, result.output
    assert "people new       │ 3" in result.output
    assert "line 27: skipped, no e-mail, phone or LinkedIn profile" in result.output
    assert "line 32: 山田 太郎: phone left out" in result.output
    assert "Registered 3 people and recorded 3 ties" in result.output
