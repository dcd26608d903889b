"""Reads follow the same privacy rules everywhere, through GraphQL: the audit trail shows a
private attribute only to those the graph reads show it to; a person reads only their own
pending introductions and warm paths from themself; analysts and admins read anyone's."""

from __future__ import annotations

import json

import pytest
from gqlclient import Api

from api.auth import Role

pytestmark = pytest.mark.neo4j

TRAIL = """query($id: ID!) { auditTrail(aggregateId: $id) { items { event attributes } } }"""
REFER = """mutation($r: ID!, $p: ID!) { giveReferral(receiver: $r, prospect: $p,
    prospectName: "Cleo", note: "Cleo is unhappy with her accountant") {
    recorded { aggregateId } } }"""
PENDING = "query($b: ID!) { pendingIntroductions(broker: $b) { items { id } } }"
WARM = """query($f: ID!, $t: ID!) { warmIntroductions(from: $f, to: {person: $t}) {
    items { warmth } } }"""


def _attributes(api: Api, aggregate: str, token: str) -> list[dict]:
    items = api.ok(TRAIL, {"id": aggregate}, token)["auditTrail"]["items"]
    return [json.loads(item["attributes"]) for item in items]


def test_the_prospect_of_a_referral_does_not_read_its_private_note(api: Api) -> None:
    giver, receiver, prospect = (api.register(n) for n in ("Dev", "Ben", "Cleo"))
    referral = api.ok(REFER, {"r": receiver, "p": prospect}, api.person_token(giver))[
        "giveReferral"]["recorded"]["aggregateId"]
    for reader in (api.person_token(giver), api.person_token(receiver),
                   api.token(Role.ANALYST)):
        (given,) = _attributes(api, referral, reader)
        assert given["note"] == "Cleo is unhappy with her accountant"
        assert given["prospect_name"] == "Cleo"
    (seen,) = _attributes(api, referral, api.person_token(prospect))  # named, so may read
    assert seen["note"] is None and seen["prospect_name"] is None  # but not the private
    assert (seen["giver"], seen["receiver"], seen["prospect"]) == (giver, receiver, prospect)


def test_people_introduced_do_not_read_the_requesters_message_to_the_broker(
        api: Api) -> None:
    requester, broker, target = (api.register(n) for n in ("Ana", "Ines", "Jonas"))
    asked = api.ok("""mutation($t: ID!, $b: ID!) { requestIntroduction(target: $t, broker: $b,
        message: "He owes me one") { recorded { aggregateId } } }""",
                   {"t": target, "b": broker}, api.person_token(requester))[
        "requestIntroduction"]["recorded"]["aggregateId"]
    api.ok("""mutation($i: ID!) { declineIntroduction(introduction: $i, reason: "not now") {
        recorded { eventId } } }""", {"i": asked}, api.person_token(broker))
    requested, declined = _attributes(api, asked, api.person_token(target))
    assert requested["message"] == "He owes me one"  # the message concerns the target too
    assert declined["reason"] is None  # the reason is for the requester and the broker
    assert _attributes(api, asked, api.person_token(requester))[1]["reason"] == "not now"


def test_a_person_reads_only_their_own_pending_introductions(api: Api) -> None:
    me, other = api.register("Me"), api.register("Other")
    assert api.ok(PENDING, {"b": me}, api.person_token(me))["pendingIntroductions"] == {
        "items": []}
    assert api.error_codes(PENDING, {"b": other}, api.person_token(me)) == ["FORBIDDEN"]
    for role in (Role.ANALYST, Role.ADMIN):
        assert api.ok(PENDING, {"b": other}, api.token(role))["pendingIntroductions"] == {
            "items": []}


def test_warm_introductions_from_someone_else_are_for_analysts_and_admins(api: Api) -> None:
    me, other, target = api.register("Me"), api.register("Other"), api.register("Target")
    assert api.ok(WARM, {"f": me, "t": target}, api.person_token(me))
    assert api.error_codes(WARM, {"f": other, "t": target}, api.person_token(me)) == [
        "FORBIDDEN"]
    for role in (Role.ANALYST, Role.ADMIN):
        assert api.ok(WARM, {"f": other, "t": target}, api.token(role))
