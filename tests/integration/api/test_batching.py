"""No N+1: every level of a query is one Cypher round trip, however many rows it has.
The app reports its round trips per request in `extensions.cypherRoundTrips`."""

from __future__ import annotations

import pytest
from gqlclient import Api

pytestmark = pytest.mark.neo4j

NESTED = """{
  people(first: 50) {
    items {
      name
      ties { items { strength other { name ties { items { other { name } } } } } }
      groups { items { role group { name } } }
    }
  }
}"""


def ring(api: Api, size: int, prefix: str) -> list[str]:
    people = [api.register(f"{prefix} {i}") for i in range(size)]
    for i, person in enumerate(people):
        other = people[(i + 1) % size]
        api.ok("""mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b) {
                   recorded { eventId } } }""", {"a": person, "b": other}, api.token())
    return people


def round_trips(api: Api) -> tuple[int, dict]:
    body = api.post(NESTED, token=api.token())
    assert not body.get("errors"), body["errors"]
    return body["extensions"]["cypherRoundTrips"], body["data"]


def test_round_trips_do_not_grow_with_the_number_of_rows(api: Api) -> None:
    ring(api, 3, "small")
    small_trips, small = round_trips(api)
    assert len(small["people"]["items"]) == 3
    assert all(len(p["ties"]["items"]) == 2 for p in small["people"]["items"])

    ring(api, 9, "large")
    large_trips, large = round_trips(api)
    assert len(large["people"]["items"]) == 12
    assert all(len(p["ties"]["items"]) == 2 for p in large["people"]["items"])
    # people, their ties, their groups; the second level (the others and their ties) is
    # served from the loaders' per-request cache, since everyone is on the first page
    assert small_trips == large_trips == 3


def test_relationship_history_is_batched_across_pairs(api: Api) -> None:
    people = ring(api, 5, "pair")
    query = "{ " + " ".join(
        f'r{i}: relationship(a: "{a}", b: "{people[(i + 1) % 5]}") '
        "{ strength history { items { kind } } people { name } }"
        for i, a in enumerate(people)
    ) + " }"
    body = api.post(query, token=api.token())
    assert not body.get("errors"), body["errors"]
    assert all(body["data"][f"r{i}"]["history"]["items"] == [{"kind": "MET"}] for i in range(5))
    assert body["extensions"]["cypherRoundTrips"] == 3  # ties, histories, people


def test_the_scoring_reads_count_their_round_trips_too(api: Api) -> None:
    people = ring(api, 4, "warm")  # p0 — p1 — p2 — p3 — p0
    query = """query($from: ID!, $to: ID!, $next: ID!, $at: DateTime!) {
      warmIntroductions(from: $from, to: {person: $to}, maxHops: 2) {
        items { warmth people { name } } }
      fadingTies(person: $from) { items { drop } }
      relationship(a: $from, b: $next) { strength(at: $at) } }"""
    variables = {"from": people[0], "to": people[2], "next": people[1],
                 "at": "2000-01-01T00:00:00Z"}
    body = api.post(query, variables, token=api.token())
    assert not body.get("errors"), body["errors"]
    assert len(body["data"]["warmIntroductions"]["items"]) == 2  # through p1 and through p3
    assert body["data"]["relationship"]["strength"] == 0.0  # they had not met in 2000
    # warm paths: targets, one expansion from each side, the hops' explanations, the
    # source's name; everyone on the paths at once; fading: the ties' deposits; the
    # relationship's tie, then the tie as of 2000
    assert body["extensions"]["cypherRoundTrips"] == 9


def test_a_person_with_a_page_of_ties_and_names_is_one_round_trip(api: Api) -> None:
    """The page is cut in Cypher and brings the other sides' cards, in the same statement as
    the person (the look-ahead at `ties`): no second trip for the page, no third for the
    names; the next page follows the cursor."""
    hub = api.register("Hub")
    others = [api.register(f"Spoke {i:02}") for i in range(25)]
    for i, other in enumerate(others):
        api.ok("""mutation($a: ID!, $b: ID!, $at: DateTime) {
                   recordMeeting(a: $a, b: $b, at: $at) { recorded { eventId } } }""",
               {"a": hub, "b": other, "at": f"2025-01-{i + 1:02}T12:00:00Z"}, api.token())
    query = """query($id: ID!, $after: String) { person(id: $id) { name
        ties(first: 20, after: $after) { items { other { name } }
                                         pageInfo { hasNextPage endCursor } } } }"""
    body = api.post(query, {"id": hub, "after": None}, token=api.token())
    assert not body.get("errors"), body["errors"]
    ties = body["data"]["person"]["ties"]
    # most recently active first: the meeting of 25 January, then 24 …
    assert [t["other"]["name"] for t in ties["items"]] == [
        f"Spoke {i:02}" for i in range(24, 4, -1)]
    assert ties["pageInfo"]["hasNextPage"] is True
    assert body["extensions"]["cypherRoundTrips"] == 1  # the person with the page and names
    rest = api.post(query, {"id": hub, "after": ties["pageInfo"]["endCursor"]},
                    token=api.token())["data"]["person"]["ties"]
    assert [t["other"]["name"] for t in rest["items"]] == [
        f"Spoke {i:02}" for i in range(4, -1, -1)]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_what_people_gave_as_of_an_instant_is_one_round_trip_for_them_all(api: Api) -> None:
    people = ring(api, 6, "ledger")
    api.ok("""mutation($g: ID!, $r: ID!) { recordHelp(giver: $g, receiver: $r,
        at: "2025-01-01T00:00:00Z") { recorded { eventId } } }""",
           {"g": people[0], "r": people[1]}, api.token())
    query = """query($t: DateTime) { people(first: 50) { items {
        id given(asOf: $t) received(asOf: $t) } } }"""
    for t, gave in (("2030-01-01T00:00:00Z", 1.0), ("2024-06-01T00:00:00Z", 0.0)):
        body = api.post(query, {"t": t}, token=api.token())
        assert not body.get("errors"), body["errors"]
        ledger = {p["id"]: (p["given"], p["received"])
                  for p in body["data"]["people"]["items"]}
        assert set(ledger) == set(people)
        assert ledger[people[0]] == (gave, 0.0) and ledger[people[1]] == (0.0, gave)
        assert all(ledger[p] == (0.0, 0.0) for p in people[2:])
        assert body["extensions"]["cypherRoundTrips"] == 2  # the people; all ledgers at t
