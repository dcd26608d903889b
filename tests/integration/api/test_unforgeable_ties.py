"""One side's word alone is bounded, through GraphQL: however many meetings, helps or
thanks one person records on a tie, they add at most the cap on unconfirmed claims to its
strength; the other side's confirmations count each claim they confirm in full."""

from __future__ import annotations

import math

import pytest
from gqlclient import Api

from scoring.strength import DEFAULT

pytestmark = pytest.mark.neo4j

MEET = """mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b) {
    recorded { eventId } } }"""
HELP = """mutation($g: ID!, $r: ID!) { recordHelp(giver: $g, receiver: $r) {
    recorded { eventId } } }"""
THANK = """mutation($t: ID!, $e: ID!) { thank(thanked: $t, forEvent: $e) {
    recorded { eventId } } }"""
CONFIRM = """mutation($a: ID!, $b: ID!, $e: ID!) { confirmEvent(a: $a, b: $b, event: $e) {
    recorded { eventId } } }"""
TIE = "query($a: ID!, $b: ID!) { relationship(a: $a, b: $b) { strength } }"
CAP = 1 - math.exp(-DEFAULT.unconfirmed_cap / DEFAULT.saturation_k)  # ≈ 0.33


def _strength(api: Api, a: str, b: str) -> float:
    api.services.runner.catch_up()
    return api.ok(TIE, {"a": a, "b": b}, api.token())["relationship"]["strength"]


def _recorded(api: Api, mutation: str, variables: dict[str, str], token: str) -> str:
    data = api.ok(mutation, variables, token)
    return next(iter(data.values()))["recorded"]["eventId"]


def test_twenty_one_sided_meetings_stay_within_the_cap(api: Api) -> None:
    mallory, ceo = api.register("Mallory"), api.register("Ceo")
    as_mallory = api.person_token(mallory)
    meetings = [_recorded(api, MEET, {"a": mallory, "b": ceo}, as_mallory) for _ in range(20)]
    capped = _strength(api, mallory, ceo)
    assert capped == pytest.approx(CAP, rel=1e-6)  # 0.86 before the cap
    # the other side's word counts each meeting it confirms in full
    as_ceo = api.person_token(ceo)
    for meeting in meetings[:3]:
        _recorded(api, CONFIRM, {"a": mallory, "b": ceo, "e": meeting}, as_ceo)
    three = DEFAULT.weights["met"] * 3
    within = DEFAULT.unconfirmed_cap  # the freed share is not refilled by older claims
    expected = 1 - math.exp(-(three + within - 3 * DEFAULT.one_sided_factor)
                            / DEFAULT.saturation_k)
    assert _strength(api, mallory, ceo) == pytest.approx(expected, rel=1e-4)
    assert _strength(api, mallory, ceo) > capped


def test_recording_help_received_and_thanking_for_it_stays_within_the_cap(api: Api) -> None:
    mallory, ceo = api.register("Mallory"), api.register("Ceo")
    as_mallory = api.person_token(mallory)
    for _ in range(10):  # "the CEO helped me", and thanks for it, all Mallory's own word
        helped = _recorded(api, HELP, {"g": ceo, "r": mallory}, as_mallory)
        _recorded(api, THANK, {"t": ceo, "e": helped}, as_mallory)
    assert _strength(api, mallory, ceo) == pytest.approx(CAP, rel=1e-6)
    assert api.error_codes(CONFIRM, {"a": mallory, "b": ceo, "e": helped}, as_mallory) == [
        "FORBIDDEN"]  # one's own record is confirmed by the other side


GIVEN = "query($p: ID!) { person(id: $p) { given unconfirmedGiven received } }"
REFER = """mutation($r: ID!) { giveReferral(receiver: $r, prospectName: "Acme") {
    recorded { aggregateId } } }"""
ACCEPT = "mutation($r: ID!) { acceptReferral(referral: $r) { recorded { eventId } } }"


def _giving(api: Api, person: str) -> dict[str, float]:
    api.services.runner.catch_up()
    return api.ok(GIVEN, {"p": person}, api.token())["person"]


def test_given_counts_only_what_the_other_side_confirmed(api: Api) -> None:
    mallory, ceo = api.register("Mallory"), api.register("Ceo")
    as_mallory, as_ceo = api.person_token(mallory), api.person_token(ceo)
    helps = [_recorded(api, HELP, {"g": mallory, "r": ceo}, as_mallory) for _ in range(5)]
    referrals = [api.ok(REFER, {"r": ceo}, as_mallory)["giveReferral"]["recorded"][
        "aggregateId"] for _ in range(3)]
    assert _giving(api, mallory) == {"given": 0, "unconfirmedGiven": 8, "received": 0}
    assert _giving(api, ceo)["received"] == 0
    _recorded(api, CONFIRM, {"a": mallory, "b": ceo, "e": helps[0]}, as_ceo)
    api.ok(ACCEPT, {"r": referrals[0]}, as_ceo)
    assert _giving(api, mallory) == {"given": 2, "unconfirmedGiven": 6, "received": 0}
    assert _giving(api, ceo)["received"] == 2
