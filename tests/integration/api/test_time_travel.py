"""As-of reads through GraphQL with back-dated events and claims confirmed later: each read
answers what had happened by the instant asked, nothing later."""

from __future__ import annotations

import math

import pytest
from gqlclient import Api

pytestmark = pytest.mark.neo4j

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
