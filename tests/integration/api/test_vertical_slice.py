"""The foundation slice in-process: mutation → domain → event store → projector → Neo4j →
query, for meetings, help and thanks."""

from __future__ import annotations

import pytest
from gqlclient import Api

pytestmark = pytest.mark.neo4j

RELATIONSHIP = """
query($a: ID!, $b: ID!) {
  relationship(a: $a, b: $b) {
    connected strength interactions
    history { items { kind at recordedBy source target confirmed } }
  }
}"""


def test_meeting_help_and_thanks_reach_the_graph(api: Api) -> None:
    ada, bob = api.register("Ada Lovelace"), api.register("Bob Kahn")
    as_ada, as_bob = api.person_token(ada), api.person_token(bob)

    met = api.ok("""mutation($a: ID!, $b: ID!) {
        recordMeeting(a: $a, b: $b, context: "coffee") {
          recorded { eventId aggregateId version }
          relationship { connected interactions }
        }}""", {"a": ada, "b": bob}, as_ada)["recordMeeting"]
    assert met["relationship"] == {"connected": True, "interactions": 1}

    helped = api.ok("""mutation($g: ID!, $r: ID!) {
        recordHelp(giver: $g, receiver: $r, kind: "advice", note: "pricing") {
          recorded { eventId } }}""", {"g": ada, "r": bob}, as_ada)["recordHelp"]
    help_event = helped["recorded"]["eventId"]
    api.ok("""mutation($t: ID!, $e: ID!) {
        thank(thanked: $t, forEvent: $e) { recorded { eventId } }}""",
           {"t": ada, "e": help_event}, as_bob)

    tie = api.ok(RELATIONSHIP, {"a": bob, "b": ada}, as_ada)["relationship"]
    kinds = [event["kind"] for event in tie["history"]["items"]]
    assert kinds == ["MET", "HELPED", "THANKED"]
    assert [e["recordedBy"] for e in tie["history"]["items"]] == [ada, ada, bob]
    helped_row = tie["history"]["items"][1]
    assert (helped_row["source"], helped_row["target"], helped_row["confirmed"]) == (ada, bob, True)
    assert 0.0 < tie["strength"] < 1.0
    assert tie["interactions"] == 3

    people = api.ok("""query($a: ID!, $b: ID!) {
        a: person(id: $a) { name given received }
        b: person(id: $b) { name given received } }""", {"a": ada, "b": bob}, as_ada)
    # help counts as given/received; a thank-you confirms it but is no gift of its own
    assert people["a"] == {"name": "Ada Lovelace", "given": 1.0, "received": 0.0}
    assert people["b"] == {"name": "Bob Kahn", "given": 0.0, "received": 1.0}
