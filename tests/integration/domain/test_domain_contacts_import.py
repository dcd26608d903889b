"""Importing a LinkedIn export as one person, on every real event store: people matched on
their identifiers before anyone is registered, ties recorded as the importer's imported
claims, a rerun records nothing, a later export adds only what is new, a bad file writes
nothing and a failed batch resumes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from domain.actors import Actor
from domain.app import Goodwill
from domain.contacts import linkedin
from domain.contacts.apply import ImportStepError, apply
from domain.contacts.plan import plan
from domain.imports import handle_id

ADMIN = Actor.admin()
SAMPLE = Path(__file__).parents[2] / "data" / "linkedin" / "Connections.csv"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def export(tmp_path: Path, *rows: str, name: str = "Connections.csv") -> Path:
    path = tmp_path / name
    path.write_text("Notes:\r\n\"Some e-mails are missing.\"\r\n\r\n" +
                    "\r\n".join((HEADER, *rows)) + "\r\n", encoding="utf-8")
    return path


ROWS = ("Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,,Northwind,Head of Sales,12 Mar 2021",
        "Ben,Okafor,https://www.linkedin.com/in/benokafor,Ben@Example.com,Okafor Ltd,Founder,"
        "03 Jan 2019",
        "Chen,Wei,https://cn.linkedin.com/in/chen-wei,,,,7 Nov 2022")


@pytest.fixture
def hugo(app: Goodwill) -> str:
    return str(app.register_person(ADMIN, name="Hugo").aggregate_id)


def run(app: Goodwill, importer: str, path: Path, batch: int = 500) -> None:
    apply(app, plan(app, importer, linkedin.read(path)), batch=batch)


def test_a_first_import_registers_people_and_records_the_importers_ties(
        app: Goodwill, hugo: str, tmp_path: Path) -> None:
    planned = plan(app, hugo, linkedin.read(export(tmp_path, *ROWS)))
    assert (planned.count("new"), planned.count("matched"), planned.ties_new) == (3, 0, 3)
    done = apply(app, planned, batch=2)
    assert (done.people, done.ties) == (3, 3)
    ana = next(s.person for s in planned.steps if s.contact.name == "Ana Ruiz")
    assert ana is not None
    person = app.get_person(ana)
    assert (person.name, person.headline, person.organization, person.profiles) == (
        "Ana Ruiz", "Head of Sales", "Northwind", ["linkedin.com/in/ana-ruiz"])
    registered, = app.history(ana)
    assert registered.recorded_by == hugo
    connected, = app.history(app.get_relationship(hugo, ana).id)
    assert (type(connected).__name__, connected.source, connected.recorded_by,
            connected.at.isoformat(), connected.context) == (
        "Connected", "imported", hugo, "2021-03-12T00:00:00+00:00", "LinkedIn connection")


def test_people_already_here_are_matched_on_an_identifier(
        app: Goodwill, hugo: str, tmp_path: Path) -> None:
    ben = str(app.register_person(ADMIN, name="Benjamin Okafor",
                                  emails=["ben@example.com"]).aggregate_id)
    chen = str(app.register_person(ADMIN, name="Chen Wei",
                                   profiles=["linkedin.com/in/chen-wei"]).aggregate_id)
    app.connect(Actor.person(hugo), a=hugo, b=chen)
    planned = plan(app, hugo, linkedin.read(export(tmp_path, *ROWS)))
    by_name = {s.contact.name: s for s in planned.steps}
    assert (by_name["Ben Okafor"].outcome, by_name["Ben Okafor"].person,
            by_name["Ben Okafor"].matched_on) == ("matched", ben, ("email", "ben@example.com"))
    assert (by_name["Chen Wei"].person, by_name["Chen Wei"].tie_exists) == (chen, True)
    assert (planned.count("new"), planned.ties_new, planned.ties_existing) == (1, 2, 1)
    apply(app, planned)
    assert app.get_person(ben).name == "Benjamin Okafor"  # their own profile is kept
    assert app.find_relationship(hugo, ben) is not None


def test_a_contact_naming_two_people_is_ambiguous_and_left_out(
        app: Goodwill, hugo: str, tmp_path: Path) -> None:
    by_mail = str(app.register_person(ADMIN, name="Ben", emails=["ben@example.com"])
                  .aggregate_id)
    by_url = str(app.register_person(ADMIN, name="B. Okafor",
                                     profiles=["linkedin.com/in/benokafor"]).aggregate_id)
    planned = plan(app, hugo, linkedin.read(export(tmp_path, ROWS[1])))
    [step] = planned.steps
    assert (step.outcome, step.person, set(step.candidates)) == (
        "ambiguous", None, {by_mail, by_url})
    assert planned.writes == []


def test_the_importer_and_repeated_rows_are_skipped_with_their_lines(
        app: Goodwill, tmp_path: Path) -> None:
    me = str(app.register_person(ADMIN, name="Ana",
                                 profiles=["linkedin.com/in/ana-ruiz"]).aggregate_id)
    planned = plan(app, me, linkedin.read(export(
        tmp_path, ROWS[0], ROWS[1], ROWS[1].replace("Ben@Example.com", ""))))
    assert [(s.line, s.reason) for s in planned.skipped] == [
        (5, "this is the importing person"), (7, "the same person as line 6")]
    assert planned.count("new") == 1


def test_importing_the_same_file_again_records_nothing(
        app: Goodwill, hugo: str, tmp_path: Path) -> None:
    path = export(tmp_path, *ROWS)
    run(app, hugo, path)
    head = app.max_notification_id()
    again = plan(app, hugo, linkedin.read(path))
    assert (again.count("matched"), again.count("new"), again.ties_existing, again.writes) == (
        3, 0, 3, [])
    apply(app, again)
    assert app.max_notification_id() == head


def test_a_later_export_adds_only_the_new_connections(
        app: Goodwill, hugo: str, tmp_path: Path) -> None:
    run(app, hugo, export(tmp_path, *ROWS[:2], name="march.csv"))
    head = app.max_notification_id()
    later = plan(app, hugo, linkedin.read(export(tmp_path, *ROWS, name="june.csv")))
    assert (later.count("new"), later.count("matched"), later.ties_new) == (1, 2, 1)
    apply(app, later)
    assert app.max_notification_id() == head + 2  # one registration, one tie


def test_a_forgotten_person_is_not_matched_on_what_they_were_known_by(
        app: Goodwill, hugo: str, tmp_path: Path) -> None:
    gone = str(app.register_person(ADMIN, name="Ana",
                                   profiles=["linkedin.com/in/ana-ruiz"]).aggregate_id)
    app.forget_person(ADMIN, person=gone)
    [step] = plan(app, hugo, linkedin.read(export(tmp_path, ROWS[0]))).steps
    assert step.outcome == "new" and step.person != gone


def test_a_failed_batch_keeps_the_batches_before_it_and_a_rerun_resumes(
        app: Goodwill, hugo: str, tmp_path: Path) -> None:
    """Resumable by batches: each batch is all or nothing, earlier batches stay saved."""
    chen = str(app.register_person(ADMIN, name="Chen Wei",
                                   profiles=["linkedin.com/in/chen-wei"]).aggregate_id)
    path = export(tmp_path, *ROWS)
    planned = plan(app, hugo, linkedin.read(path))
    app.forget_person(ADMIN, person=chen)  # after the plan: the third row's tie is refused
    with pytest.raises(ImportStepError, match=r"Line 7: .*PERSON_FORGOTTEN.*2 row") as raised:
        apply(app, planned, batch=2)
    assert raised.value.saved == 2
    saved = {app.get_person(s.person).name for s in planned.steps[:2] if s.person}
    assert saved == {"Ana Ruiz", "Ben Okafor"}
    resumed = plan(app, hugo, linkedin.read(path))
    assert (resumed.count("matched"), resumed.count("new"), resumed.ties_new) == (2, 1, 1)
    apply(app, resumed)
    assert len(app.get_person(hugo).name) and resumed.steps[2].person != chen


def test_the_cli_previews_then_applies(app: Goodwill, store_url: str) -> None:
    runner = CliRunner()
    hugo = handle_id("@hugo")
    app.register_person(ADMIN, name="Hugo Silva", person_id=hugo)
    base = ["import", "linkedin", str(SAMPLE), "--as", "@hugo", "--store", store_url]
    head = app.max_notification_id()
    preview = runner.invoke(cli, [*base, "--dry-run"])
    assert preview.exit_code == 0, preview.output
    for expected in ("people new       │ 5", "ties new         │ 5", "rows skipped     │ 2",
                     "line 10: skipped, no name", "Dry run: nothing was written."):
        assert expected in preview.output
    assert app.max_notification_id() == head
    applied = runner.invoke(cli, base)
    assert applied.exit_code == 0, applied.output
    assert "Registered 5 people and recorded 5 ties" in applied.output
    rerun = runner.invoke(cli, base)
    assert "people matched   │ 5" in rerun.output and "Nothing new to record." in rerun.output
    assert "line 5: Ana Ruiz matched" in rerun.output


def test_the_cli_stops_on_a_bad_file_with_its_line(store_url: str, tmp_path: Path) -> None:
    path = export(tmp_path, ROWS[0], "Ben,Lee,https://linkedin.com/in/ben-lee,,,,yesterday")
    result = CliRunner().invoke(cli, ["import", "linkedin", str(path), "--as", "@hugo",
                                      "--store", store_url])
    output = " ".join(result.output.split())  # as one line, however the terminal wraps it
    assert result.exit_code == 1
    assert "Line 6: Connected On 'yesterday' is not a date like 12 Mar 2021. Nothing was " \
        "written." in output
    missing_as = CliRunner().invoke(cli, ["import", "linkedin", str(path)])
    assert missing_as.exit_code == 2 and "--as PERSON" in missing_as.output
