"""Introductions need the people introduced, through GraphQL: a broker introduces only
people they have a tie with; a direct introduction counts for nothing on the broker's word,
half once one of the two confirms it, fully once both do; either may decline it, which
takes it out of the scores. A requested introduction carries the requester's word."""

from __future__ import annotations

import math
from typing import Any

import pytest
from gqlclient import Api

from api.auth import Role
from scoring.strength import DEFAULT

pytestmark = pytest.mark.neo4j

MAKE = """mutation($a: ID!, $b: ID!) { makeIntroduction(a: $a, b: $b) {
    recorded { aggregateId } introduction { status confirmedBy } } }"""
CONFIRM = """mutation($i: ID!) { confirmIntroduction(introduction: $i) {
    introduction { status confirmedBy } } }"""
REFUSE = """mutation($i: ID!, $reason: String!) {
    refuseIntroduction(introduction: $i, reason: $reason) {
      introduction { status declinedBy } } }"""
MEET = """mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b) {
    recorded { eventId } } }"""
TIE = """query($a: ID!, $b: ID!) { relationship(a: $a, b: $b) { connected strength } }"""
GIVEN = "query($p: ID!) { person(id: $p) { given } }"
WARM = """query($from: ID!, $to: ID!) { warmIntroductions(from: $from, to: {person: $to},
    maxHops: 2, first: 5) { items { pathIds warmth } } }"""

# What a fresh introduction adds to its tie: half its weight with one confirmation.
HALF = 1 - math.exp(-DEFAULT.weights["introduced"] * DEFAULT.one_sided_factor
                    / DEFAULT.saturation_k)
FULL = 1 - math.exp(-DEFAULT.weights["introduced"] / DEFAULT.saturation_k)


def _settled(api: Api) -> None:
    api.services.runner.catch_up()


def _tie(api: Api, a: str, b: str) -> dict[str, Any]:
    _settled(api)
    return api.ok(TIE, {"a": a, "b": b}, api.token())["relationship"]


def _given(api: Api, person: str) -> float:
    _settled(api)
    return api.ok(GIVEN, {"p": person}, api.token())["person"]["given"]


def _admin_meeting(api: Api, a: str, b: str) -> None:
    api.ok(MEET, {"a": a, "b": b}, api.token())


def test_a_broker_cannot_introduce_strangers(api: Api) -> None:
    mallory, ana, ben = (api.register(n) for n in ("Mallory", "Ana", "Ben"))
    as_mallory = api.person_token(mallory)
    for _ in range(6):  # once counted confirmed, and again each time
        assert api.error_codes(MAKE, {"a": ana, "b": ben}, as_mallory) == ["NOT_CONNECTED"]
    assert _tie(api, ana, ben) == {"connected": False, "strength": 0.0}
    assert _given(api, mallory) == 0


def test_repeated_direct_introductions_forge_no_tie_and_no_path(api: Api) -> None:
    mallory, ana, ben, cleo = (api.register(n) for n in ("Mallory", "Ana", "Ben", "Cleo"))
    as_mallory = api.person_token(mallory)
    for other in (ana, ben):  # Mallory's own claims: ties of hers, one-sided
        api.ok(MEET, {"a": mallory, "b": other}, as_mallory)
    for a, b in ((ana, cleo), (cleo, ben)):  # a real path Ana → Cleo → Ben
        _admin_meeting(api, a, b)
    made = [api.ok(MAKE, {"a": ana, "b": ben}, as_mallory)["makeIntroduction"]
            for _ in range(6)]
    assert {(m["introduction"]["status"], tuple(m["introduction"]["confirmedBy"]))
            for m in made} == {("made", ())}
    assert _tie(api, ana, ben) == {"connected": False, "strength": 0.0}
    assert _given(api, mallory) == 0
    paths = api.ok(WARM, {"from": ana, "to": ben}, api.token(Role.ANALYST))[
        "warmIntroductions"]["items"]
    found = [p["pathIds"] for p in paths]
    assert found[:1] == [[ana, cleo, ben]]  # the real tie still wins
    assert [ana, ben] not in found


def test_a_direct_introduction_counts_with_the_word_of_the_introduced(api: Api) -> None:
    broker, ana, ben = (api.register(n) for n in ("Broker", "Ana", "Ben"))
    for other in (ana, ben):
        _admin_meeting(api, broker, other)
    made = api.ok(MAKE, {"a": ana, "b": ben}, api.person_token(broker))["makeIntroduction"]
    intro = made["recorded"]["aggregateId"]
    assert _tie(api, ana, ben)["strength"] == 0.0 and _given(api, broker) == 0

    answer = api.ok(CONFIRM, {"i": intro}, api.person_token(ana))["confirmIntroduction"]
    assert answer["introduction"] == {"status": "made", "confirmedBy": [ana]}
    tie = _tie(api, ana, ben)
    assert tie["connected"] and tie["strength"] == pytest.approx(HALF, rel=1e-6)
    assert _given(api, broker) == 1

    api.ok(CONFIRM, {"i": intro}, api.person_token(ben))
    assert _tie(api, ana, ben)["strength"] == pytest.approx(FULL, rel=1e-6)
    assert _given(api, broker) == 1  # one introduction, counted once

    refused = api.ok(REFUSE, {"i": intro, "reason": "we never met"},
                     api.person_token(ben))["refuseIntroduction"]
    assert refused["introduction"] == {"status": "declined", "declinedBy": ben}
    assert _tie(api, ana, ben)["strength"] == pytest.approx(0.0, abs=1e-12)
    assert _given(api, broker) == 0
    assert api.error_codes(CONFIRM, {"i": intro}, api.person_token(ana)) == [
        "INVALID_TRANSITION"]


def test_only_the_introduced_answer_an_introduction(api: Api) -> None:
    broker, ana, ben, eve = (api.register(n) for n in ("Broker", "Ana", "Ben", "Eve"))
    for other in (ana, ben):
        _admin_meeting(api, broker, other)
    intro = api.ok(MAKE, {"a": ana, "b": ben}, api.person_token(broker))[
        "makeIntroduction"]["recorded"]["aggregateId"]
    for outsider in (broker, eve):
        assert api.error_codes(CONFIRM, {"i": intro}, api.person_token(outsider)) == [
            "NOT_A_PARTICIPANT"]
        assert api.error_codes(REFUSE, {"i": intro, "reason": ""},
                               api.person_token(outsider)) == ["NOT_A_PARTICIPANT"]
    assert _tie(api, ana, ben) == {"connected": False, "strength": 0.0}


def test_a_requested_introduction_carries_the_requesters_word(api: Api) -> None:
    requester, broker, target = (api.register(n) for n in ("Requester", "Broker", "Target"))
    asked = api.ok("""mutation($t: ID!, $b: ID!) { requestIntroduction(target: $t, broker: $b)
        { recorded { aggregateId } } }""", {"t": target, "b": broker},
                   api.person_token(requester))["requestIntroduction"]["recorded"]["aggregateId"]
    api.ok("mutation($i: ID!) { acceptIntroduction(introduction: $i) { recorded { eventId } } }",
           {"i": asked}, api.person_token(broker))
    made = api.ok("""mutation($i: ID!) { makeIntroduction(introduction: $i) {
        introduction { status confirmedBy } } }""", {"i": asked},
                  api.person_token(broker))["makeIntroduction"]
    assert made["introduction"] == {"status": "made", "confirmedBy": [requester]}
    assert _tie(api, requester, target)["strength"] == pytest.approx(HALF, rel=1e-6)
    assert _given(api, broker) == 1
    api.ok(CONFIRM, {"i": asked}, api.person_token(target))
    assert _tie(api, requester, target)["strength"] == pytest.approx(FULL, rel=1e-6)
