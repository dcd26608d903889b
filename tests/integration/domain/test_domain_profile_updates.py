"""A later LinkedIn export that shows a matched person with a new company or position updates
their profile — only the fields they have not set themself — and the dry run says so; a
rerun records nothing. Address books never change anyone's profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from domain.actors import Actor
from domain.app import Goodwill
from domain.contacts import linkedin, vcard
from domain.contacts.apply import apply
from domain.contacts.plan import plan
from domain.imports import handle_id

ADMIN = Actor.admin()
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
ANA = "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,,{company},{position},12 Mar 2021"


def export(tmp_path: Path, name: str, company: str, position: str = "Head of Sales") -> Path:
    path = tmp_path / name
    row = ANA.format(company=company, position=position)
    path.write_text(f"Notes:\r\n\"Some e-mails are missing.\"\r\n\r\n{HEADER}\r\n{row}\r\n",
                    encoding="utf-8")
    return path


@pytest.fixture
def hugo(app: Goodwill) -> str:
    return str(app.register_person(ADMIN, name="Hugo").aggregate_id)


def run(app: Goodwill, importer: str, path: Path) -> None:
    apply(app, plan(app, importer, linkedin.read(path)))


def ana_of(app: Goodwill, importer: str, path: Path) -> str:
    [step] = plan(app, importer, linkedin.read(path)).steps
    assert step.person is not None
    return step.person


def test_a_later_export_with_a_new_company_updates_it_and_a_rerun_records_nothing(
        app: Goodwill, hugo: str, tmp_path: Path) -> None:
    run(app, hugo, export(tmp_path, "march.csv", "Northwind"))
    ana = ana_of(app, hugo, export(tmp_path, "march.csv", "Northwind"))
    later = export(tmp_path, "june.csv", "Brightwave")
    planned = plan(app, hugo, linkedin.read(later))
    [update] = planned.updates
    assert (update.person, update.line, update.changes) == (
        ana, 5, {"organization": ("Northwind", "Brightwave")})
    assert planned.writes == []  # the tie is there: only the profile changes
    head = app.max_notification_id()
    done = apply(app, planned)
    assert done.profiles == 1
    assert app.max_notification_id() == head + 2  # the update, and its key's record
    person = app.get_person(ana)
    assert (person.organization, person.headline) == ("Brightwave", "Head of Sales")
    updated = app.history(ana)[-1]
    assert (type(updated).__name__, updated.recorded_by) == ("ProfileUpdated", "system")
    assert hugo in (updated.idempotency_key or "")

    again = plan(app, hugo, linkedin.read(later))
    assert again.updates == [] and again.writes == []
    apply(app, again)
    assert app.max_notification_id() == head + 2

    # an import's value stays open to the next export
    third = plan(app, hugo, linkedin.read(export(tmp_path, "july.csv", "Harbour", "CFO")))
    [update] = third.updates
    assert update.changes == {"organization": ("Brightwave", "Harbour"),
                              "headline": ("Head of Sales", "CFO")}


def test_a_company_that_comes_back_is_updated_again(
        app: Goodwill, hugo: str, tmp_path: Path) -> None:
    march = export(tmp_path, "march.csv", "Northwind")
    run(app, hugo, march)
    ana = ana_of(app, hugo, march)
    for name, company in (("june.csv", "Brightwave"), ("july.csv", "Northwind"),
                          ("august.csv", "Brightwave")):
        run(app, hugo, export(tmp_path, name, company))
        assert app.get_person(ana).organization == company
    assert plan(app, hugo, linkedin.read(march)).updates[0].changes == {
        "organization": ("Brightwave", "Northwind")}


def test_a_person_who_set_their_organization_themself_keeps_it(
        app: Goodwill, hugo: str, tmp_path: Path) -> None:
    run(app, hugo, export(tmp_path, "march.csv", "Northwind"))
    ana = ana_of(app, hugo, export(tmp_path, "march.csv", "Northwind"))
    app.update_profile(Actor.person(ana), organization="Ruiz Consulting")
    planned = plan(app, hugo, linkedin.read(export(tmp_path, "june.csv", "Brightwave",
                                                       "Partner")))
    [update] = planned.updates
    assert update.changes == {"headline": ("Head of Sales", "Partner")}  # theirs is kept
    apply(app, planned)
    person = app.get_person(ana)
    assert (person.organization, person.headline) == ("Ruiz Consulting", "Partner")


def test_a_person_who_registered_themself_keeps_their_whole_profile(
        app: Goodwill, hugo: str, tmp_path: Path) -> None:
    ana = handle_id("@ana-self")
    app.register_person(Actor.person(ana), person_id=ana, name="Ana Ruiz",
                        headline="Founder", profiles=["linkedin.com/in/ana-ruiz"])
    planned = plan(app, hugo, linkedin.read(export(tmp_path, "june.csv", "Brightwave")))
    assert planned.updates == [] and planned.ties_new == 1


def test_an_admin_correction_counts_as_the_persons_own(
        app: Goodwill, hugo: str, tmp_path: Path) -> None:
    ana = str(app.register_person(ADMIN, name="Ana Ruiz", organization="Northwind",
                                  profiles=["linkedin.com/in/ana-ruiz"]).aggregate_id)
    first = plan(app, hugo, linkedin.read(export(tmp_path, "june.csv", "Brightwave")))
    assert [u.changes for u in first.updates] == [{
        "organization": ("Northwind", "Brightwave"), "headline": ("", "Head of Sales")}]
    app.update_profile(ADMIN, person=ana, organization="Northwind Logistics")
    second = plan(app, hugo, linkedin.read(export(tmp_path, "june.csv", "Brightwave")))
    assert [u.changes for u in second.updates] == [{"headline": ("", "Head of Sales")}]


def test_an_address_book_never_changes_a_profile(
        app: Goodwill, hugo: str, tmp_path: Path) -> None:
    app.register_person(ADMIN, name="Ana Ruiz", organization="Northwind",
                        emails=["ana@example.com"])
    card = tmp_path / "ana.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nORG:Brightwave\r\n"
                    "EMAIL:ana@example.com\r\nEND:VCARD\r\n", encoding="utf-8")
    planned = plan(app, hugo, vcard.read(card, None))
    assert planned.count("matched") == 1 and planned.updates == []


def test_the_dry_run_reports_the_profile_updates(app: Goodwill, store_url: str,
                                                  tmp_path: Path) -> None:
    hugo = handle_id("@hugo")
    app.register_person(ADMIN, name="Hugo Silva", person_id=hugo)
    runner = CliRunner()
    base = ["import", "linkedin", "--as", "@hugo", "--store", store_url]
    first = runner.invoke(cli, [*base[:2], str(export(tmp_path, "march.csv", "Northwind")),
                                *base[2:]])
    assert first.exit_code == 0, first.output
    head = app.max_notification_id()
    later = str(export(tmp_path, "june.csv", "Brightwave"))
    preview = runner.invoke(cli, [*base[:2], later, *base[2:], "--dry-run"])
    assert preview.exit_code == 0, preview.output
    assert "profiles updated │ 1" in preview.output
    assert "line 5: Ana Ruiz's profile: organization 'Northwind' → 'Brightwave'" in " ".join(
        preview.output.split())
    assert app.max_notification_id() == head
    applied = runner.invoke(cli, [*base[:2], later, *base[2:]])
    assert "updated 1 profiles" in applied.output
    rerun = runner.invoke(cli, [*base[:2], later, *base[2:]])
    assert "profiles updated │ 0" in rerun.output and "Nothing new to record." in rerun.output
