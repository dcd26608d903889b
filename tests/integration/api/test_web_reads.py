"""What the web app reads that the API gained for every client: `me`, and a person's ties
as of an instant (the time control hides a tie made later and reads the others then)."""

from __future__ import annotations

import pytest
from gqlclient import Api

from api.auth import Role

pytestmark = pytest.mark.neo4j

TIES = """query($p: ID!, $asOf: DateTime) { person(id: $p) {
    ties(asOf: $asOf) { items { other { name } strength
                                relationship { connected interactions } } } } }"""


def meet(api: Api, a: str, b: str, at: str) -> None:
    api.ok("""mutation($a: ID!, $b: ID!, $at: DateTime) {
        recordMeeting(a: $a, b: $b, at: $at) { recorded { eventId } } }""",
           {"a": a, "b": b, "at": at}, api.token())


def test_ties_as_of_an_instant_leave_out_later_ties_and_read_the_rest_then(api: Api) -> None:
    ada, bo, cy = api.register("Ada"), api.register("Bo"), api.register("Cy")
    meet(api, ada, bo, "2025-01-10T12:00:00Z")
    meet(api, ada, bo, "2025-06-10T12:00:00Z")
    meet(api, ada, cy, "2025-09-01T12:00:00Z")
    api.services.runner.catch_up()

    now = api.ok(TIES, {"p": ada}, api.token())["person"]["ties"]["items"]
    assert sorted(t["other"]["name"] for t in now) == ["Bo", "Cy"]

    then = api.ok(TIES, {"p": ada, "asOf": "2025-03-01T00:00:00Z"},
                  api.token())["person"]["ties"]["items"]
    assert [t["other"]["name"] for t in then] == ["Bo"]
    assert then[0]["relationship"] == {"connected": True, "interactions": 1}
    bo_now = next(t for t in now if t["other"]["name"] == "Bo")
    assert 0 < then[0]["strength"] != bo_now["strength"]

    before = api.ok(TIES, {"p": ada, "asOf": "2024-12-01T00:00:00Z"}, api.token())
    assert before["person"]["ties"]["items"] == []


def test_me_names_the_person_a_token_acts_as(api: Api) -> None:
    ada = api.register("Ada")
    api.services.runner.catch_up()
    assert api.ok("{ me { role personId person { name } } }", token=api.person_token(ada)) == {
        "me": {"role": "person", "personId": ada, "person": {"name": "Ada"}}}
    assert api.ok("{ me { role personId person { name } } }",
                  token=api.token(Role.ANALYST)) == {
        "me": {"role": "analyst", "personId": None, "person": None}}


def test_a_thank_you_in_the_ledger_names_the_help_it_is_for(api: Api) -> None:
    ada, bo = api.register("Ada"), api.register("Bo")
    helped = api.ok("""mutation($g: ID!, $r: ID!) { recordHelp(giver: $g, receiver: $r) {
        recorded { eventId } } }""", {"g": ada, "r": bo}, api.person_token(ada))
    help_event = helped["recordHelp"]["recorded"]["eventId"]
    api.ok("""mutation($t: ID!, $e: ID!) { thank(thanked: $t, forEvent: $e) {
        recorded { eventId } } }""", {"t": ada, "e": help_event}, api.person_token(bo))
    api.services.runner.catch_up()
    entries = api.ok("""query($p: ID!) { ledger(person: $p) {
        items { kind direction eventId forEvent } } }""", {"p": bo},
                     api.person_token(bo))["ledger"]["items"]
    assert sorted((e["kind"], e["direction"], e["forEvent"]) for e in entries) == [
        ("HELPED", "RECEIVED", None), ("THANKED", "GAVE", help_event)]
