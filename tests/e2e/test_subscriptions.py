"""Subscriptions over a real WebSocket (`graphql-transport-ws`) against the real app on the
demo network: each update arrives within 2 s of its command, a subscription the token may
not follow gets a coded error, and a closed socket leaves no subscription behind."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpserver import Server
from wsclient import Subscriptions

from api.auth import Role
from api.demo import demo_person_id

pytestmark = [pytest.mark.neo4j]

LIVE_S = 2.0  # how soon an update must arrive
HUGO, ANA, INES, JONAS = (str(demo_person_id(h)) for h in ("hugo", "ana", "ines", "jonas"))


def gql(server: Server, query: str, variables: dict[str, Any], token: str) -> dict[str, Any]:
    response = httpx.post(f"{server.url}/graphql", json={"query": query, "variables": variables},
                          headers={"Authorization": f"Bearer {token}"}, timeout=30)
    body = response.json()
    assert not body.get("errors"), body["errors"]
    return body["data"]


def as_(server: Server, person: str) -> str:
    return server.token(Role.PERSON, person)


def live_subscriptions(server: Server) -> float:
    text = httpx.get(f"{server.url}/metrics").text
    line = next(x for x in text.splitlines() if x.startswith("goodwill_live_subscriptions "))
    return float(line.split(" ")[1])


def received(client: Subscriptions, ident: str, since: float) -> dict[str, Any]:
    """The next `next` payload of subscription `ident`, which must come within LIVE_S of
    `since` (when the command was sent)."""
    message = client.next_message(timeout=LIVE_S + 1)
    elapsed = time.monotonic() - since
    assert message["type"] == "next" and message["id"] == ident, message
    assert elapsed < LIVE_S, f"arrived after {elapsed:.2f}s"
    assert not message["payload"].get("errors"), message
    return message["payload"]["data"]


REQUESTED = """subscription { introductionRequested {
    id status requester target message broker { name } } }"""
UPDATED = """subscription { myRequestUpdated { event introduction { id status } } }"""
THANKS = """subscription { thanksReceived { forEvent relationship thanker { name } } }"""
PROJECTED = """subscription($e: ID!) { commandProjected(eventId: $e) { eventId position } }"""


def test_a_request_reaches_the_broker_and_its_updates_the_requester(demo_server: Server) -> None:
    with Subscriptions(demo_server.url, as_(demo_server, ANA)) as ana, \
            Subscriptions(demo_server.url, as_(demo_server, HUGO)) as hugo:
        inbox, mine = ana.subscribe(REQUESTED), hugo.subscribe(UPDATED)
        time.sleep(0.3)  # both subscriptions registered before the command
        sent = time.monotonic()
        asked = gql(demo_server, """mutation($t: ID!, $b: ID!, $p: [ID!]) {
            requestIntroduction(target: $t, broker: $b, path: $p, message: "Jonas, please?") {
              recorded { aggregateId } } }""",
                    {"t": JONAS, "b": ANA, "p": [HUGO, ANA, INES, JONAS]}, as_(demo_server, HUGO))
        introduction = asked["requestIntroduction"]["recorded"]["aggregateId"]
        assert received(ana, inbox, sent)["introductionRequested"] == {
            "id": introduction, "status": "requested", "requester": HUGO, "target": JONAS,
            "message": "Jonas, please?", "broker": {"name": "Ana Ruiz"}}
        assert received(hugo, mine, sent)["myRequestUpdated"] == {
            "event": "IntroductionRequested",
            "introduction": {"id": introduction, "status": "requested"}}

        for mutation, event, status in (("acceptIntroduction", "IntroductionAccepted",
                                          "accepted"),
                                         ("makeIntroduction", "IntroductionMade", "made")):
            sent = time.monotonic()
            gql(demo_server, f"mutation($i: ID!) {{ {mutation}(introduction: $i) "
                             "{ recorded { eventId } } }", {"i": introduction},
                as_(demo_server, ANA))
            assert received(hugo, mine, sent)["myRequestUpdated"] == {
                "event": event, "introduction": {"id": introduction, "status": status}}


def test_a_thank_you_reaches_the_helper(demo_server: Server) -> None:
    with Subscriptions(demo_server.url, as_(demo_server, ANA)) as ana:
        thanks = ana.subscribe(THANKS)
        helped = gql(demo_server, """mutation($g: ID!, $r: ID!) {
            recordHelp(giver: $g, receiver: $r, kind: "advice") { recorded { eventId } } }""",
                     {"g": ANA, "r": HUGO}, as_(demo_server, ANA))
        help_event = helped["recordHelp"]["recorded"]["eventId"]
        sent = time.monotonic()
        gql(demo_server, """mutation($t: ID!, $e: ID!) {
            thank(thanked: $t, forEvent: $e) { recorded { eventId } } }""",
            {"t": ANA, "e": help_event}, as_(demo_server, HUGO))
        data = received(ana, thanks, sent)["thanksReceived"]
        assert data["forEvent"] == help_event and data["thanker"] == {"name": "Hugo Silva"}


def test_command_projected_answers_once_and_completes(demo_server: Server) -> None:
    met = gql(demo_server, """mutation($a: ID!, $b: ID!) {
        recordMeeting(a: $a, b: $b, context: "site visit") { recorded { eventId } } }""",
              {"a": HUGO, "b": ANA}, as_(demo_server, HUGO))["recordMeeting"]["recorded"]
    with Subscriptions(demo_server.url, as_(demo_server, HUGO)) as hugo:
        sent = time.monotonic()
        ident = hugo.subscribe(PROJECTED, {"e": met["eventId"]})
        data = received(hugo, ident, sent)["commandProjected"]
        assert data["eventId"] == met["eventId"] and data["position"] > 0
        assert hugo.next_message(timeout=LIVE_S) == {"id": ident, "type": "complete"}


@pytest.mark.parametrize(("token", "query", "code"), [
    ("hugo", f'subscription {{ introductionRequested(person: "{ANA}") {{ id }} }}',
     "FORBIDDEN"),
    (None, "subscription { thanksReceived { forEvent } }", "UNAUTHENTICATED"),
    ("forged", "subscription { myRequestUpdated { event } }", "UNAUTHENTICATED"),
    ("analyst", "subscription { thanksReceived { forEvent } }", "INVALID_INPUT"),
])
def test_a_subscription_the_token_may_not_follow_gets_a_coded_error(
        demo_server: Server, token: str | None, query: str, code: str) -> None:
    bearer = {"hugo": as_(demo_server, HUGO), None: None, "forged": "gw1.bad.token",
              "analyst": demo_server.token(Role.ANALYST)}[token]
    with Subscriptions(demo_server.url, bearer) as client:
        ident = client.subscribe(query)
        message = client.next_message(timeout=5)
        assert message["id"] == ident, message
        errors = (message["payload"] if message["type"] == "error"
                  else message["payload"]["errors"])
        assert [e["extensions"]["code"] for e in errors] == [code], message


def test_a_closed_socket_leaves_no_subscription_behind(demo_server: Server) -> None:
    assert live_subscriptions(demo_server) == 0
    client = Subscriptions(demo_server.url, as_(demo_server, INES))
    client.subscribe(THANKS)
    client.subscribe(REQUESTED)
    deadline = time.monotonic() + 5
    while live_subscriptions(demo_server) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert live_subscriptions(demo_server) == 2
    client.close()
    deadline = time.monotonic() + 5
    while live_subscriptions(demo_server) > 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert live_subscriptions(demo_server) == 0


def test_a_revoked_token_ends_its_subscription_at_the_next_delivery(
        demo_server: Server) -> None:
    token = as_(demo_server, INES)
    with Subscriptions(demo_server.url, token) as ines:
        thanks = ines.subscribe(THANKS)
        revoked = subprocess.run([sys.executable, "-m", "api.cli", "token", "revoke", token],
                                 cwd=Path(__file__).resolve().parents[2], env=demo_server.env,
                                 capture_output=True, text=True, timeout=120)
        assert revoked.returncode == 0, revoked.stderr
        helped = gql(demo_server, """mutation($g: ID!, $r: ID!) {
            recordHelp(giver: $g, receiver: $r) { recorded { eventId } } }""",
                     {"g": INES, "r": ANA}, as_(demo_server, INES))
        gql(demo_server, """mutation($t: ID!, $e: ID!) {
            thank(thanked: $t, forEvent: $e) { recorded { eventId } } }""",
            {"t": INES, "e": helped["recordHelp"]["recorded"]["eventId"]},
            as_(demo_server, ANA))
        message = ines.next_message(timeout=LIVE_S + 3)
        assert message["id"] == thanks, message
        errors = message["payload"] if message["type"] == "error" else \
            message["payload"].get("errors")
        assert [e["extensions"]["code"] for e in errors or []] == ["UNAUTHENTICATED"], message
        assert message["payload"].get("data") is None if message["type"] == "next" else True
