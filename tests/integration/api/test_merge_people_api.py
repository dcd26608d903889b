"""mergePeople over HTTP: the mutation and its coded errors, `person(id: duplicate)`
answering the survivor, a warm path through a merged person, and the survivor's audit
trail listing both records' events under their own ids."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from gqlclient import Api
from neo4j import Driver

pytestmark = pytest.mark.neo4j

MERGE = """mutation($s: ID!, $d: ID!) { mergePeople(survivor: $s, duplicate: $d) {
             recorded { aggregateId } } }"""
MEET = """mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b, context: "coffee") {
            recorded { eventId } } }"""
PERSON = "query($p: ID!) { person(id: $p) { id name } }"
PATHS = """query($from: ID!, $to: ID!) { warmIntroductions(from: $from, to: {person: $to},
             maxHops: 3) { items { people { id } } } }"""
TRAIL = """query($id: ID!) { auditTrail(aggregateId: $id, first: 50) {
             items { event attributes } } }"""


def eventually(read: Callable[[], Any], expected: Any) -> None:
    deadline = time.monotonic() + 15
    while (found := read()) != expected:
        assert time.monotonic() < deadline, found
        time.sleep(0.1)


def test_merge_people_end_to_end(api: Api) -> None:
    admin = api.token()
    ana, dup, ben, cem = (api.register(n) for n in ("Ana", "Ana R.", "Ben", "Cem"))
    api.ok(MEET, {"a": dup, "b": ben}, admin)  # only the duplicate knows Ben
    api.ok(MEET, {"a": ben, "b": cem}, admin)
    merged = api.ok(MERGE, {"s": ana, "d": dup}, admin)["mergePeople"]["recorded"]
    assert merged["aggregateId"] == dup
    eventually(lambda: api.ok(PERSON, {"p": dup}, admin)["person"],
               {"id": ana, "name": "Ana"})
    # the warm path from Ana to Cem goes through Ben, by the tie the duplicate had
    eventually(lambda: [[p["id"] for p in item["people"]] for item in api.ok(
        PATHS, {"from": ana, "to": cem}, admin)["warmIntroductions"]["items"]],
        [[ana, ben, cem]])
    items = api.ok(TRAIL, {"id": ana}, admin)["auditTrail"]["items"]
    events = [i["event"] for i in items]
    assert events == ["PersonRegistered", "PersonRegistered", "PersonMerged",
                      "PersonAbsorbed"]
    assert json.loads(items[2]["attributes"])["into"] == ana
    assert json.loads(items[3]["attributes"])["duplicate"] == dup


def test_merge_people_errors_are_coded(api: Api) -> None:
    admin = api.token()
    ana, dup, ben = (api.register(n) for n in ("Ana", "Ana R.", "Ben"))
    assert api.error_codes(MERGE, {"s": ana, "d": ana}, admin) == ["SELF_MERGE"]
    assert api.error_codes(MERGE, {"s": ana, "d": "00000000-0000-4000-8000-000000000009"},
                           admin) == ["UNKNOWN_PERSON"]
    assert api.error_codes(MERGE, {"s": ana, "d": dup}, api.person_token(ben)) == [
        "FORBIDDEN"]
    api.ok(MERGE, {"s": ana, "d": dup}, api.person_token(ana))  # an admin's record of her
    assert api.error_codes(MERGE, {"s": ben, "d": dup}, admin) == ["ALREADY_MERGED"]
    assert api.error_codes(MEET, {"a": dup, "b": ben}, admin) == ["PERSON_MERGED"]


CONFIRM = """mutation($a: ID!, $b: ID!, $e: ID!) { confirmEvent(a: $a, b: $b, event: $e) {
               recorded { aggregateId } } }"""
REQUEST = """mutation($t: ID!, $b: ID!) { requestIntroduction(target: $t, broker: $b) {
               recorded { aggregateId } } }"""
ACCEPT = """mutation($i: ID!) { acceptIntroduction(introduction: $i) {
              recorded { aggregateId } } }"""
MAKE = """mutation($i: ID!) { makeIntroduction(introduction: $i) { recorded { aggregateId } } }"""
CONFIRM_INTRO = """mutation($i: ID!) { confirmIntroduction(introduction: $i) {
                     recorded { aggregateId } } }"""


def test_pending_work_of_the_duplicate_completes_against_the_survivor(
        api: Api, graph: Driver) -> None:
    """A meeting the duplicate claimed is confirmed naming the survivor, an introduction
    the duplicate asked for is made between the survivor and the target; one between the
    two records is INTRODUCTION_OF_ONE_PERSON. The graph shows it all on the survivor."""
    admin = api.token()
    ana, dup, ben, cem = (api.register(n) for n in ("Ana", "Ana R.", "Ben", "Cem"))
    dups, bens = api.person_token(dup), api.person_token(ben)
    met = api.ok(MEET, {"a": dup, "b": ben}, dups)["recordMeeting"]["recorded"]["eventId"]
    asked = api.ok(REQUEST, {"t": cem, "b": ben}, dups)
    asked_id = asked["requestIntroduction"]["recorded"]["aggregateId"]
    herself = api.ok(REQUEST, {"t": ana, "b": ben}, dups)
    herself_id = herself["requestIntroduction"]["recorded"]["aggregateId"]
    api.ok(MERGE, {"s": ana, "d": dup}, admin)

    assert api.error_codes(CONFIRM, {"a": ben, "b": dup, "e": met}, bens) == [
        "PERSON_MERGED"]  # the caller learns the survivor's id, and uses it
    api.ok(CONFIRM, {"a": ben, "b": ana, "e": met}, bens)
    api.ok(MAKE, {"i": asked_id}, bens)
    api.ok(CONFIRM_INTRO, {"i": asked_id}, api.person_token(cem))
    assert api.error_codes(ACCEPT, {"i": herself_id}, bens) == ["INTRODUCTION_OF_ONE_PERSON"]

    def shown() -> dict[str, Any]:
        with graph.session() as s:
            meeting = s.run("MATCH (x:Person)-[m:MET {event_id: $e}]->(y:Person) "
                            "RETURN x.id AS x, y.id AS y, m.confirmed AS confirmed",
                            e=met).data()
            intro = s.run("MATCH (i:Introduction {id: $i}) OPTIONAL MATCH (i)-[:OF]->(p) "
                          "WITH i, p ORDER BY p.id RETURN i.status AS status, "
                          "i.requester AS requester, collect(p.id) AS of",
                          i=asked_id).data()
            knows = s.run("MATCH (:Person {id: $a})-[k:KNOWS]-(:Person {id: $c}) "
                          "RETURN k.source AS source, k.introduced_by AS by",
                          a=ana, c=cem).data()
        return {"meeting": meeting, "intro": intro, "knows": knows}

    eventually(shown, {
        "meeting": [{"x": ana, "y": ben, "confirmed": True}],
        "intro": [{"status": "made", "requester": ana, "of": sorted((ana, cem))}],
        "knows": [{"source": "introduced", "by": ben}]})
