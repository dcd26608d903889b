"""`person(id) { … ties { … } }` in one statement (`cypher/queries/person_with_tie_page`,
chosen by looking ahead at the selection) answers exactly what the resolvers answer one
level at a time (the person, then the page of ties): compared request by request with the
look-ahead switched off, for every viewer, page, cursor, `asOf`, merged and forgotten
person, and error; and it is one round trip."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from gqlclient import Api

import api.schema.people as people_schema
from api.auth import Role

pytestmark = pytest.mark.neo4j

MEET = """mutation($a: ID!, $b: ID!, $at: DateTime) { recordMeeting(a: $a, b: $b, at: $at) {
            recorded { eventId } } }"""
HELP = """mutation($g: ID!, $r: ID!, $at: DateTime) { recordHelp(giver: $g, receiver: $r,
            note: "intro to a lawyer", at: $at) { recorded { eventId } } }"""
NOTE = """mutation($p: ID!) { setBrokeringPreference(person: $p,
            acceptsIntroductionRequests: false, note: "busy until March") {
            recorded { eventId } } }"""
MERGE = """mutation($s: ID!, $d: ID!) { mergePeople(survivor: $s, duplicate: $d) {
             recorded { aggregateId } } }"""
FORGET = """mutation($p: ID!) { forgetPerson(person: $p) { recorded { eventId } } }"""

EVERYTHING = """query($id: ID!, $first: Int, $after: String, $asOf: DateTime) {
  person(id: $id) {
    id name headline brokeringNote forgotten given received
    ties(first: $first, after: $after, asOf: $asOf) {
      items {
        strength
        other { id name headline organization tags acceptsIntroductions brokeringNote
                forgotten given unconfirmedGiven received influence brokerage }
        relationship { a b connected strength kind since lastAt interactions }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""


@pytest.fixture
def network(api: Api) -> dict[str, Any]:
    """A hub with eight ties on distinct days (one to a person who has a brokering note, one
    to a person later forgotten, one through a duplicate merged into the hub's survivor), and
    help given on one of them."""
    admin = api.token()
    hub = api.register("Hub", headline="connector")
    dup = api.register("Hub (old record)")
    spokes = [api.register(f"Spoke {i}", organization="Acme", tags=["law"]) for i in range(6)]
    for i, spoke in enumerate(spokes):
        api.ok(MEET, {"a": hub, "b": spoke, "at": f"2024-0{i + 1}-10T12:00:00Z"}, admin)
    api.ok(MEET, {"a": dup, "b": spokes[0], "at": "2024-08-01T12:00:00Z"}, admin)
    lone = api.register("Only the duplicate knows me")
    api.ok(MEET, {"a": dup, "b": lone, "at": "2024-09-01T12:00:00Z"}, admin)
    api.ok(HELP, {"g": spokes[2], "r": hub, "at": "2024-07-01T12:00:00Z"}, admin)
    api.ok(NOTE, {"p": spokes[1]}, api.person_token(spokes[1]))
    api.ok(FORGET, {"p": spokes[3]}, admin)
    api.ok(MERGE, {"s": hub, "d": dup}, admin)
    deadline = time.monotonic() + 15  # the projection catches up with the merge
    while len(api.ok(EVERYTHING, {"id": hub, "first": 50}, admin)["person"]["ties"]
              ["items"]) != 7:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return {"hub": hub, "dup": dup, "spokes": spokes, "lone": lone}


@pytest.fixture
def both(api: Api, monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[dict, dict]]:
    """Ask a query with the look-ahead on, then off: each answer and its round trips."""
    look_ahead = people_schema.tie_window

    def ask(query: str, variables: dict[str, Any], token: str) -> tuple[dict, dict]:
        answers = []
        for window in (look_ahead, lambda info: None):
            monkeypatch.setattr(people_schema, "tie_window", window)
            answers.append(api.post(query, variables, token))
        monkeypatch.setattr(people_schema, "tie_window", look_ahead)
        return answers[0], answers[1]
    return ask


def same(fast: Any, slow: Any) -> bool:
    """Equal answers; a strength now decays between the two requests, by parts in 1e9."""
    if isinstance(fast, float) and isinstance(slow, float):
        return fast == pytest.approx(slow, rel=1e-6, abs=1e-12)
    if isinstance(fast, dict) and isinstance(slow, dict):
        return fast.keys() == slow.keys() and all(same(fast[k], slow[k]) for k in fast)
    if isinstance(fast, list) and isinstance(slow, list):
        return len(fast) == len(slow) and all(map(same, fast, slow))
    return type(fast) is type(slow) and fast == slow


def viewers(api: Api, network: dict[str, Any]) -> Iterator[tuple[str, str]]:
    yield "admin", api.token()
    yield "analyst", api.token(Role.ANALYST)
    yield "the hub", api.person_token(network["hub"])
    yield "the spoke with a note", api.person_token(network["spokes"][1])
    yield "the duplicate's contact", api.person_token(network["lone"])


def test_one_statement_answers_what_the_resolvers_answer(
        api: Api, network: dict[str, Any], both: Callable[..., tuple[dict, dict]]) -> None:
    hub = network["hub"]
    cursor = api.ok(EVERYTHING, {"id": hub, "first": 3}, api.token())["person"]["ties"][
        "pageInfo"]["endCursor"]
    pages = [{}, {"first": 0}, {"first": 3}, {"first": 3, "after": cursor},
             {"first": 20, "after": cursor}, {"first": 7}, {"first": 50}]
    for who, token in viewers(api, network):
        for page in pages:
            for asked in (hub, network["dup"]):  # the duplicate answers as the survivor
                fast, slow = both(EVERYTHING, {"id": asked, **page}, token)
                assert same(fast["data"], slow["data"]), (who, page, asked)
                assert not fast.get("errors") and not slow.get("errors"), (who, page)
    # the note is the spoke's own and the forgotten person is anonymous, on both paths
    seen = {item["other"]["id"]: item["other"] for item in both(
        EVERYTHING, {"id": hub, "first": 50}, api.person_token(hub))[0]["data"]["person"]
        ["ties"]["items"]}
    assert seen[network["spokes"][1]]["brokeringNote"] is None
    assert seen[network["spokes"][3]]["forgotten"] is True
    own = both(EVERYTHING, {"id": hub, "first": 50}, api.person_token(network["spokes"][1]))
    assert {item["other"]["id"]: item["other"]["brokeringNote"] for item in
            own[0]["data"]["person"]["ties"]["items"]}[network["spokes"][1]] == \
        "busy until March"


def test_as_of_answers_the_ties_had_then_on_both_paths(
        api: Api, network: dict[str, Any], both: Callable[..., tuple[dict, dict]]) -> None:
    """`asOf` hides the ties made later (and re-reads each as it stood): the look-ahead
    leaves it to the resolvers, and a second `ties` beside it still takes the fast path."""
    hub, admin = network["hub"], api.token()
    for as_of, count in (("2024-03-20T00:00:00Z", 3), ("2023-01-01T00:00:00Z", 0),
                         ("2030-01-01T00:00:00Z", 7)):
        fast, slow = both(EVERYTHING, {"id": hub, "first": 50, "asOf": as_of}, admin)
        assert same(fast, slow)
        assert len(fast["data"]["person"]["ties"]["items"]) == count
    mixed = """query($id: ID!, $asOf: DateTime) { person(id: $id) {
        then: ties(first: 50, asOf: $asOf) { items { other { name } strength } }
        now: ties(first: 2) { items { other { name } strength } pageInfo { endCursor } } } }"""
    fast, slow = both(mixed, {"id": hub, "asOf": "2024-02-20T00:00:00Z"}, admin)
    assert same(fast["data"], slow["data"])
    assert {t["other"]["name"] for t in fast["data"]["person"]["then"]["items"]} == {
        "Spoke 0", "Spoke 1"}


def test_refused_arguments_are_answered_at_the_ties_path_as_before(
        api: Api, network: dict[str, Any], both: Callable[..., tuple[dict, dict]]) -> None:
    for page in ({"first": -1}, {"first": 10_000}, {"after": "not-a-cursor"}):
        fast, slow = both(EVERYTHING, {"id": network["hub"], **page}, api.token())
        assert same(fast, slow)
        assert [e["path"] for e in fast["errors"]] == [["person", "ties"]]
        assert fast["errors"][0]["extensions"]["code"] in ("INVALID_INPUT", "INVALID_CURSOR")
    missing = {"id": "00000000-0000-4000-8000-000000000009", "first": 5}
    fast, slow = both(EVERYTHING, missing, api.token())
    assert same(fast, slow) and fast["data"] == {"person": None}
    fast, slow = both(EVERYTHING, {"id": network["hub"]}, "")  # no token
    assert same(fast, slow) and fast["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_fragments_and_aliases_take_the_fast_path_too(
        api: Api, network: dict[str, Any], both: Callable[..., tuple[dict, dict]]) -> None:
    query = """query($a: ID!, $b: ID!) {
      one: person(id: $a) { ...card }
      two: person(id: $b) { ... on Person { ties(first: 2) { items { other { name } } } } }
    }
    fragment card on Person { name ties(first: 2) { items { other { name } } } }"""
    spoke = network["spokes"][0]
    fast, slow = both(query, {"a": network["hub"], "b": spoke}, api.token())
    assert same(fast["data"], slow["data"])
    assert fast["extensions"]["cypherRoundTrips"] == 1  # both people, one statement
    assert slow["extensions"]["cypherRoundTrips"] == 2


def test_a_person_with_a_page_of_ties_and_names_is_one_round_trip(
        api: Api, network: dict[str, Any], both: Callable[..., tuple[dict, dict]]) -> None:
    query = """query($id: ID!) { person(id: $id) { id name
        ties(first: 20) { items { other { id name } relationship { since } } } } }"""
    fast, slow = both(query, {"id": network["hub"]}, api.token())
    assert same(fast["data"], slow["data"])
    assert len(fast["data"]["person"]["ties"]["items"]) == 7
    assert fast["extensions"]["cypherRoundTrips"] == 1
    assert slow["extensions"]["cypherRoundTrips"] == 2  # the person; the page with names
    # without ties in the selection nothing changes: the person loader, one trip
    plain = api.post("query($id: ID!) { person(id: $id) { name } }", {"id": network["hub"]},
                     api.token())
    assert plain["extensions"]["cypherRoundTrips"] == 1


def test_a_relationship_as_of_an_instant_is_read_once_and_only_when_asked(
        api: Api, network: dict[str, Any]) -> None:
    """A tie's relationship fields as of an instant are plain fields whose value is read
    when awaited: all of them cost one statement together, none costs nothing."""
    query = """query($id: ID!, $asOf: DateTime) { person(id: $id) {
        ties(first: 50, asOf: $asOf) { items { other { name } %s } } } }"""
    variables = {"id": network["hub"], "asOf": "2024-03-20T00:00:00Z"}
    bare = api.post(query % "", variables, api.token())
    fields = api.post(query % "relationship { connected kind since lastAt interactions }",
                      variables, api.token())
    assert not bare.get("errors") and not fields.get("errors")
    assert fields["extensions"]["cypherRoundTrips"] == bare["extensions"]["cypherRoundTrips"] + 1
    items = fields["data"]["person"]["ties"]["items"]
    assert [item["other"]["name"] for item in items] == [
        item["other"]["name"] for item in bare["data"]["person"]["ties"]["items"]]
    assert {item["other"]["name"]: item["relationship"]["interactions"] for item in items} == {
        "Spoke 0": 1, "Spoke 1": 1, "Spoke 2": 1}
    assert all(item["relationship"]["connected"] for item in items)
    assert {item["relationship"]["since"][:10] for item in items} == {
        "2024-01-10", "2024-02-10", "2024-03-10"}
