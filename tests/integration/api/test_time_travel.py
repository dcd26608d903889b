"""As-of reads through GraphQL with back-dated events and claims confirmed later: each read
answers what had happened by the instant asked, nothing later."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest
from gqlclient import Api

from domain.actors import Actor
from domain.ids import relationship_id

pytestmark = pytest.mark.neo4j

ADMIN = Actor.admin()
MEETING = "2024-01-01T00:00:00+00:00"
CONFIRMED = "2024-06-01T00:00:00+00:00"
BETWEEN = "2024-03-01T00:00:00+00:00"
# Half weight (one-sided) decayed over the 60 days from the meeting to 1 March 2024.
ONE_SIDED_ON_1_MARCH = 1 - math.exp(-0.5 * 2 ** (-60 / 180) / 5)


def _meet(api: Api, a: str, b: str, at: str, token: str) -> str:
    data = api.ok("""mutation($a: ID!, $b: ID!, $at: DateTime) {
        recordMeeting(a: $a, b: $b, at: $at) { recorded { eventId } } }""",
                  {"a": a, "b": b, "at": at}, token)
    return data["recordMeeting"]["recorded"]["eventId"]


def _confirm(api: Api, a: str, b: str, event: str, at: str, token: str) -> None:
    api.ok("""mutation($a: ID!, $b: ID!, $e: ID!, $at: DateTime) {
        confirmEvent(a: $a, b: $b, event: $e, at: $at) { recorded { eventId } } }""",
           {"a": a, "b": b, "e": event, "at": at}, token)


@pytest.fixture
def confirmed_later(api: Api) -> dict[str, str]:
    """Ada's one-sided meeting with Bob on 1 January 2024, confirmed by Bob on 1 June."""
    ada, bob = api.register("Ada"), api.register("Bob")
    met = _meet(api, ada, bob, MEETING, api.person_token(ada))
    _confirm(api, ada, bob, met, CONFIRMED, api.person_token(bob))
    api.services.runner.catch_up()
    return {"ada": ada, "bob": bob, "met": met}


def test_relationship_strength_counts_a_confirmation_from_its_own_date(
    api: Api, confirmed_later: dict[str, str]
) -> None:
    ada, bob = confirmed_later["ada"], confirmed_later["bob"]
    data = api.ok("""query($a: ID!, $b: ID!, $at: DateTime) {
        relationship(a: $a, b: $b) { strength(at: $at) }
        warmIntroductions(from: $a, to: {person: $b}, maxHops: 1, asOf: $at) {
          items { warmth } } }""", {"a": ada, "b": bob, "at": BETWEEN}, api.token())
    assert data["relationship"]["strength"] == pytest.approx(ONE_SIDED_ON_1_MARCH, rel=1e-9)
    assert round(data["relationship"]["strength"], 4) == 0.0763
    assert [p["warmth"] for p in data["warmIntroductions"]["items"]] == \
        [pytest.approx(ONE_SIDED_ON_1_MARCH, rel=1e-9)]


def test_person_ties_strength_at_counts_only_what_had_happened(
    api: Api, confirmed_later: dict[str, str]
) -> None:
    ada, bob = confirmed_later["ada"], confirmed_later["bob"]
    query = """query($p: ID!, $b: ID!, $at: DateTime) {
        person(id: $p) { ties { items { strength(at: $at) } } }
        relationship(a: $p, b: $b) { strength(at: $at) } }"""
    for at in ("2023-01-01T00:00:00Z", "2023-12-31T23:59:59Z", BETWEEN, CONFIRMED,
               "2025-01-01T00:00:00Z"):
        data = api.ok(query, {"p": ada, "b": bob, "at": at}, api.token())
        (tie,) = data["person"]["ties"]["items"]
        assert tie["strength"] == pytest.approx(data["relationship"]["strength"], rel=1e-12,
                                                abs=1e-15), at
    before = api.ok(query, {"p": ada, "b": bob, "at": "2023-01-01T00:00:00Z"}, api.token())
    assert before["person"]["ties"]["items"] == [{"strength": 0.0}]  # they had not met
    between = api.ok(query, {"p": bob, "b": ada, "at": BETWEEN}, api.token())
    assert between["person"]["ties"]["items"][0]["strength"] == \
        pytest.approx(ONE_SIDED_ON_1_MARCH, rel=1e-9)


def test_history_as_of_shows_each_events_confirmation_then(
    api: Api, confirmed_later: dict[str, str]
) -> None:
    ada, bob = confirmed_later["ada"], confirmed_later["bob"]
    query = """query($a: ID!, $b: ID!, $at: DateTime) { relationship(a: $a, b: $b) {
        history(asOf: $at) { items { eventId kind confirmed } } } }"""

    def history(at: str | None) -> list[dict[str, object]]:
        data = api.ok(query, {"a": ada, "b": bob, "at": at}, api.token())
        return data["relationship"]["history"]["items"]

    met = confirmed_later["met"]
    assert history(BETWEEN) == [{"eventId": met, "kind": "MET", "confirmed": False}]
    assert history(CONFIRMED) == [{"eventId": met, "kind": "MET", "confirmed": True}]
    assert history(None) == [{"eventId": met, "kind": "MET", "confirmed": True}]
    assert history("2023-01-01T00:00:00Z") == []


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_kind_and_counts_as_of_an_instant(api: Api, confirmed_later: dict[str, str]) -> None:
    """Classified strategic in February, functional in May, then — recorded last —
    personal back-dated to March: each instant reads the classification it had."""
    ada, bob = confirmed_later["ada"], confirmed_later["bob"]
    app = api.services.domain
    for kind, at in (("strategic", "2024-02-01"), ("functional", "2024-05-01"),
                     ("personal", "2024-03-01")):
        app.classify(ADMIN, a=ada, b=bob, kind=kind, by=ada, at=_at(f"{at}T00:00:00+00:00"))
    app.record_meeting(ADMIN, a=ada, b=bob, at=_at("2024-04-01T00:00:00+00:00"))
    api.services.runner.catch_up()
    query = """query($a: ID!, $b: ID!, $at: DateTime) {
        relationship(a: $a, b: $b, asOf: $at) {
          connected kind since lastAt interactions strength } }"""

    def then(at: str | None) -> dict[str, object]:
        return api.ok(query, {"a": ada, "b": bob, "at": at}, api.token())["relationship"]

    assert then("2023-06-01T00:00:00Z") == {"connected": False, "kind": None, "since": None,
                                            "lastAt": None, "interactions": 0,
                                            "strength": 0.0}
    january = then("2024-01-15T00:00:00Z")
    assert (january["kind"], january["interactions"], january["since"], january["lastAt"]) \
        == (None, 1, MEETING, MEETING)
    assert [then(f"{day}T00:00:00Z")["kind"] for day in
            ("2024-02-15", "2024-03-15", "2024-04-15", "2024-05-15")] == \
        ["STRATEGIC", "PERSONAL", "PERSONAL", "FUNCTIONAL"]
    april = then("2024-04-15T00:00:00Z")
    assert (april["interactions"], april["lastAt"]) == (2, "2024-04-01T00:00:00+00:00")
    now = then(None)
    assert (now["kind"], now["interactions"]) == ("FUNCTIONAL", 2)  # the latest instant's

    mix = api.ok("""query($p: ID!, $at: DateTime) { portfolio(person: $p, asOf: $at) {
        mix { kind ties } } }""", {"p": ada, "at": "2024-03-15T00:00:00Z"}, api.token())
    assert {s["kind"]: s["ties"] for s in mix["portfolio"]["mix"]} == \
        {"personal": 1, "functional": 0, "strategic": 0, "unclassified": 0}


AUDITOR = """query($a: ID!, $b: ID!, $rel: ID!, $at: DateTime, $known: DateTime) {
  relationship(a: $a, b: $b) {
    strength(at: $at, knownAt: $known)
    history(asOf: $at, knownAt: $known) { items { kind at confirmed } } }
  auditTrail(aggregateId: $rel, asOf: $at, knownAt: $known) { items { event at } } }"""


def test_an_auditors_question_in_both_times(api: Api) -> None:
    """"What did Goodwill say about Ada and Bob on 1 March 2024?" — as known before the
    back-dated help and confirmation were recorded, and as known now."""
    ada, bob = api.register("Ada"), api.register("Bob")
    met = _meet(api, ada, bob, "2024-01-10T00:00:00+00:00", api.person_token(ada))
    api.services.runner.catch_up()
    before_back_dating = datetime.now(tz=UTC)
    api.ok("""mutation($g: ID!, $r: ID!) { recordHelp(giver: $g, receiver: $r,
        at: "2024-02-01T00:00:00Z") { recorded { eventId } } }""", {"g": ada, "r": bob},
           api.person_token(bob))
    _confirm(api, ada, bob, met, "2024-02-15T00:00:00+00:00", api.person_token(bob))
    api.services.runner.catch_up()
    variables = {"a": ada, "b": bob, "rel": str(relationship_id(ada, bob)),
                 "at": "2024-03-01T00:00:00Z"}

    then = api.ok(AUDITOR, {**variables, "known": before_back_dating.isoformat()},
                  api.token())
    now = api.ok(AUDITOR, {**variables, "known": None}, api.token())

    meeting, help_ = 2 ** (-51 / 180), 3 * 2 ** (-29 / 180)  # decayed to 1 March
    assert then["relationship"]["strength"] == pytest.approx(
        1 - math.exp(-0.5 * meeting / 5), rel=1e-9)
    # the help Bob recorded is his claim (half weight) until Ada, who gave it, confirms it
    assert now["relationship"]["strength"] == pytest.approx(
        1 - math.exp(-(meeting + 0.5 * help_) / 5), rel=1e-9)
    assert then["relationship"]["history"]["items"] == [
        {"kind": "MET", "at": "2024-01-10T00:00:00+00:00", "confirmed": False}]
    assert now["relationship"]["history"]["items"] == [
        {"kind": "MET", "at": "2024-01-10T00:00:00+00:00", "confirmed": True},
        {"kind": "HELPED", "at": "2024-02-01T00:00:00+00:00", "confirmed": False}]
    assert [e["event"] for e in then["auditTrail"]["items"]] == ["Connected", "Met"]
    assert [e["event"] for e in now["auditTrail"]["items"]] == \
        ["Connected", "Met", "Helped", "Confirmed"]
