"""Importing history from JSON Lines: the domain's rules hold, names and handles resolve,
a failing line stops the import at that line, and a rerun writes nothing twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from domain.app import Goodwill
from domain.imports import Importer, ImportLineError, handle_id, parse


def jsonl(*lines: dict[str, Any]) -> list[str]:
    return [json.dumps(line) for line in lines]


STORY = jsonl(
    {"command": "register_person", "args": {"person_id": "@ana", "name": "Ana"},
     "at": "2024-03-01"},
    {"command": "register_person", "args": {"person_id": "@ben", "name": "Ben"},
     "at": "2024-03-01"},
    {"command": "record_meeting", "actor": "@ana", "args": {"a": "@ana", "b": "@ben",
     "context": "coffee"}, "at": "2024-03-04T10:00:00Z"},
    {"command": "record_help", "actor": "@ben", "args": {"giver": "@ana", "receiver": "@ben",
     "kind": "advice"}, "at": "2024-03-10T14:00:00+01:00", "as": "advice"},
    {"command": "thank", "actor": "@ben", "args": {"thanked": "@ana",
     "for_event": "#advice.event"}, "at": "2024-03-11"},
    {"command": "give_referral", "actor": "@ana", "args": {"receiver": "@ben",
     "prospect_name": "Acme"}, "at": "2024-04-01", "as": "acme"},
    {"command": "accept_referral", "actor": "@ben", "args": {"referral": "#acme"},
     "at": "2024-04-02"},
    {"command": "close_referral", "actor": "@ben", "args": {"referral": "#acme",
     "value": 1200, "currency": "EUR"}, "at": "2024-05-01"},
)


def test_a_story_is_imported_through_the_domain(app: Goodwill) -> None:
    result = Importer(app, batch=3).run(list(parse(STORY)))
    assert (result.lines, result.events) == (8, 9)  # a first meeting connects, too
    ana, ben = handle_id("@ana"), handle_id("@ben")
    assert app.get_person(ana).name == "Ana"
    kinds = [type(e).__name__ for e in app.history(app.get_relationship(ana, ben).id)]
    assert kinds == ["Connected", "Met", "Helped", "Thanked"]
    helped = app.history(app.get_relationship(ana, ben).id)[2]
    assert helped.at.isoformat() == "2024-03-10T13:00:00+00:00"
    closed = app.history(_referral_id(app))[-1]
    assert (type(closed).__name__, closed.value, closed.currency) == (
        "ReferralClosed", 1200, "EUR")


def _referral_id(app: Goodwill) -> str:
    for notification in app.recorder.select_notifications(start=1, limit=100):
        if notification.topic.endswith("ReferralGiven"):
            return str(notification.originator_id)
    raise AssertionError("no referral")


def test_running_the_same_file_again_writes_nothing(app: Goodwill) -> None:
    Importer(app, batch=5).run(list(parse(STORY)))
    head = app.max_notification_id()
    again = Importer(app, batch=2).run(list(parse(STORY)))
    assert again.events == 0
    assert app.max_notification_id() == head


def test_identical_lines_are_distinct_events(app: Goodwill) -> None:
    meeting = {"command": "record_meeting", "args": {"a": "@ana", "b": "@ben"},
               "at": "2024-03-04"}
    lines = [*STORY[:2], *jsonl(meeting, meeting)]
    Importer(app, batch=10).run(list(parse(lines)))
    Importer(app, batch=10).run(list(parse(lines)))
    tie = app.get_relationship(handle_id("@ana"), handle_id("@ben"))
    assert [type(e).__name__ for e in app.history(tie.id)] == ["Connected", "Met", "Met"]


def test_a_refused_line_stops_the_import_there_and_a_fixed_rerun_completes(
    app: Goodwill
) -> None:
    bad = {"command": "record_meeting", "args": {"a": "@ana", "b": "@ana"}, "at": "2024-03-05"}
    lines = [*STORY[:4], *jsonl(bad), *STORY[4:]]
    with pytest.raises(ImportLineError) as refused:
        Importer(app, batch=50).run(list(parse(lines)))
    assert refused.value.line == 5
    assert refused.value.cause.code == "SELF_RELATIONSHIP"
    assert refused.value.imported == 4
    assert "Line 5" in refused.value.message
    tie = app.get_relationship(handle_id("@ana"), handle_id("@ben"))
    assert [type(e).__name__ for e in app.history(tie.id)] == ["Connected", "Met", "Helped"]

    fixed = [*STORY[:4], *jsonl({**bad, "args": {"a": "@ana", "b": "@ben"}}), *STORY[4:]]
    result = Importer(app, batch=50).run(list(parse(fixed)))
    assert result.events == 5  # the fixed line and the four after it
    assert [type(e).__name__ for e in app.history(tie.id)] == [
        "Connected", "Met", "Helped", "Met", "Thanked"]


@pytest.mark.parametrize(("line", "says"), [
    ("{not json", "not a JSON object"),
    ('["a list"]', "one JSON object"),
    ('{"command": "drop_everything"}', "unknown command"),
    ('{"command": "connect", "args": {"a": "@a", "b": "@b"}, "when": "x"}', "unknown field"),
    ('{"command": "connect", "args": {"a": "@a", "b": "@b"}, "at": "last march"}',
     "not an ISO 8601"),
    ('{"command": "connect", "args": {"a": "@a", "b": "@b", "at": "2024-01-01"}}',
     "at and key go on the line"),
])
def test_malformed_lines_are_refused_before_anything_is_written(
    app: Goodwill, line: str, says: str
) -> None:
    with pytest.raises(ImportLineError) as refused:
        list(parse([*STORY[:2], "", line]))
    assert refused.value.line == 4
    assert says in refused.value.message
    assert app.max_notification_id() == 0


def test_unknown_names_and_arguments_are_refused_with_their_line(app: Goodwill) -> None:
    lines = [*STORY[:2], *jsonl({"command": "accept_referral", "actor": "@ben",
                                 "args": {"referral": "#nowhere"}})]
    with pytest.raises(ImportLineError) as refused:
        Importer(app).run(list(parse(lines)))
    assert (refused.value.line, refused.value.imported) == (3, 2)
    assert "#nowhere names no earlier line" in refused.value.message

    wrong = [*jsonl({"command": "connect", "args": {"a": "@ana", "b": "@ben", "colour": 1}})]
    with pytest.raises(ImportLineError, match="connect takes a, b, source, context; not colour"):
        Importer(app).run(list(parse(wrong)))


def test_the_example_in_the_docs_imports(app: Goodwill) -> None:
    docs = Path(__file__).parents[3] / "docs" / "import.md"
    example = [line for line in docs.read_text(encoding="utf-8").splitlines()
               if line.startswith('{"command"')]
    result = Importer(app).run(list(parse(example)))
    assert (result.lines, result.events) == (8, 9)


def test_the_cli_imports_a_file_and_reports_a_bad_one(store_url: str, tmp_path: Path) -> None:
    good, bad = tmp_path / "history.jsonl", tmp_path / "broken.jsonl"
    good.write_text("\n".join(STORY) + "\n", encoding="utf-8")
    bad.write_text(STORY[0] + "\n{oops\n", encoding="utf-8")
    runner = CliRunner()

    imported = runner.invoke(cli, ["import", str(good), "--store", store_url])
    assert imported.exit_code == 0, imported.output
    assert "8 lines, 9 new events" in " ".join(imported.output.split())
    head = Goodwill.from_url(store_url).max_notification_id()

    refused = runner.invoke(cli, ["import", str(bad), "--store", store_url])
    assert refused.exit_code == 1
    said = " ".join(refused.output.split())
    assert "Line 2: not a JSON object" in said and "Nothing was written." in said
    assert Goodwill.from_url(store_url).max_notification_id() == head
