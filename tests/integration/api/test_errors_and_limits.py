"""Errors come back with `extensions.code` and a readable message, never a stack trace;
depth, aliases, tokens, body size and page sizes are limited."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest
from gqlclient import SECRET, Api, free_port
from graphql import GraphQLError

from api import auth
from api.auth import Role
from api.errors import INTERNAL_MESSAGE, rewrite
from api.settings import Limits
from config import Neo4jSettings

pytestmark = pytest.mark.neo4j

MEET = """mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b) { recorded { eventId } } }"""


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert len(body["errors"]) == 1, body
    return body["errors"][0]


def test_domain_errors_have_codes_and_messages(api: Api) -> None:
    ada, bob = api.register("Ada"), api.register("Bob")
    as_ada = api.person_token(ada)
    error = only_error(api.post(MEET, {"a": ada, "b": ada}, as_ada))
    assert error["extensions"]["code"] == "SELF_RELATIONSHIP"
    assert "SELF_RELATIONSHIP" not in error["message"] and len(error["message"]) > 10
    assert api.error_codes(MEET, {"a": ada, "b": str(uuid.uuid4())}, as_ada) == [
        "UNKNOWN_PERSON"]
    assert api.error_codes(MEET, {"a": ada, "b": "not-a-uuid"}, as_ada) == ["INVALID_INPUT"]
    thank = """mutation($t: ID!, $e: ID!) { thank(thanked: $t, forEvent: $e) {
               recorded { eventId } } }"""
    api.ok(MEET, {"a": ada, "b": bob}, as_ada)
    assert api.error_codes(thank, {"t": ada, "e": str(uuid.uuid4())},
                           api.person_token(bob)) == ["UNKNOWN_EVENT"]


def test_instants_before_1900_are_refused_and_nothing_overflows(api: Api) -> None:
    """An event of the year 1 used to be accepted, after which fadingTies and portfolio
    answered INTERNAL for both people forever (the decay overflowed)."""
    ada, bob = api.register("Ada"), api.register("Bob")
    as_ada = api.person_token(ada)
    year_one = """mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b,
                  at: "0001-01-01T00:00:00Z") { recorded { eventId } } }"""
    (error,) = api.post(year_one, {"a": ada, "b": bob}, as_ada)["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT" and "1900" in error["message"]
    api.ok("""mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b,
              at: "1900-01-01T00:00:00Z") { recorded { eventId } } }""", {"a": ada, "b": bob},
           as_ada)
    answer = api.ok("""{ fadingTies { items { drop } } portfolio { at }
                        early: fadingTies(asOf: "1900-06-01T00:00:00Z") { items { drop } } }""",
                    token=as_ada)
    assert answer["fadingTies"]["items"] == [] and answer["portfolio"]["at"]
    for read in ('{ fadingTies(asOf: "1899-12-31T00:00:00Z") { items { drop } } }',
                 f'{{ relationship(a: "{ada}", b: "{bob}") {{ strength(at: '
                 f'"0001-01-01T00:00:00Z") }} }}'):
        assert api.error_codes(read, token=as_ada) == ["INVALID_INPUT"], read


def test_nothing_is_written_when_a_command_fails(api: Api) -> None:
    ada = api.register("Ada")
    before = api.services.domain.max_notification_id()
    api.post(MEET, {"a": ada, "b": ada}, api.person_token(ada))
    assert api.services.domain.max_notification_id() == before


@pytest.mark.parametrize(("header", "code"), [
    (None, "UNAUTHENTICATED"),
    ("Bearer nonsense", "UNAUTHENTICATED"),
    ("Basic dXNlcjpwYXNz", "UNAUTHENTICATED"),
    (f"Bearer {auth.issue('another-secret', Role.ADMIN)}", "UNAUTHENTICATED"),
    (f"Bearer {auth.issue(SECRET, Role.ADMIN, ttl_s=-10)}", "UNAUTHENTICATED"),
])
def test_bad_or_missing_tokens_are_refused(api: Api, header: str | None, code: str) -> None:
    headers = {"Authorization": header} if header else {}
    body = api.client.post("/graphql", json={"query": "{ people { items { id } } }"},
                           headers=headers).json()
    assert only_error(body)["extensions"]["code"] == code
    assert body["data"] is None


def test_introspection_needs_no_token(api: Api) -> None:
    body = api.post("{ __schema { queryType { name } } }")
    assert body["data"] == {"__schema": {"queryType": {"name": "Query"}}}


def test_unexpected_errors_are_masked_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    original = RuntimeError("password=hunter2 in a stack frame")
    error = GraphQLError("password=hunter2", original_error=original, path=["person"])
    with caplog.at_level(logging.ERROR, logger="goodwill.api"):
        from api.errors import log_unexpected

        log_unexpected([error])
    masked = rewrite(error).formatted
    assert masked["message"] == INTERNAL_MESSAGE
    assert masked["extensions"] == {"code": "INTERNAL"}
    assert "hunter2" not in str(masked)
    assert "hunter2" in caplog.text  # the operator still sees it


def test_graph_unavailable_is_a_clear_error_and_commands_still_record(api_with: Any) -> None:
    down = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password="x")
    for api in api_with(neo4j=down, catch_up_timeout_s=1.0):
        body = api.post("{ people { items { id } } }", token=api.token())
        error = only_error(body)
        assert error["extensions"]["code"] == "GRAPH_UNAVAILABLE"
        assert "unavailable" in error["message"].lower()
        registered = api.post("""mutation { registerPerson(name: "Ada") {
            recorded { aggregateId } person { name } } }""", token=api.token())
        assert registered["data"]["registerPerson"]["recorded"]["aggregateId"]
        assert [e["extensions"]["code"] for e in registered["errors"]] == ["GRAPH_UNAVAILABLE"]
        assert api.services.domain.max_notification_id() == 1
        ready = api.client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["neo4j"]["ok"] is False
        assert ready.json()["checks"]["event_store"]["ok"] is True
        metrics = api.client.get("/metrics").text
        assert "goodwill_neo4j_up 0" in metrics and "goodwill_event_store_position 1" in metrics
        assert "goodwill_projection_events_behind" not in metrics  # unknown, not 0


def nested(depth: int) -> str:
    query = "name"
    for _ in range(depth):
        query = f"ties {{ items {{ other {{ {query} }} }} }}"
    return f'{{ person(id: "{uuid.uuid4()}") {{ {query} }} }}'


def test_query_depth_is_limited(api: Api) -> None:
    assert not api.post(nested(2), token=api.token()).get("errors")
    error = only_error(api.post(nested(6), token=api.token()))
    assert "exceeds maximum operation depth" in error["message"]
    assert error["extensions"]["code"] == "INVALID_QUERY"


def test_aliases_are_limited(api: Api) -> None:
    limit = Limits().max_aliases
    ok = "{ " + " ".join(f"a{i}: groups {{ items {{ id }} }}" for i in range(limit)) + " }"
    assert not api.post(ok, token=api.token()).get("errors")
    too_many = "{ " + " ".join(f"a{i}: groups {{ items {{ id }} }}"
                               for i in range(limit + 1)) + " }"
    assert "aliases found" in only_error(api.post(too_many, token=api.token()))["message"]


def test_tokens_are_limited(api: Api) -> None:
    query = "{ " + "__typename " * Limits().max_tokens + "}"
    error = only_error(api.post(query, token=api.token()))
    assert "more than 2000 tokens" in error["message"]


def test_request_body_is_capped(api: Api) -> None:
    padding = "#" + "x" * (Limits().max_body_bytes + 10)
    response = api.client.post("/graphql", json={"query": padding + "\n{ __typename }"},
                               headers={"Authorization": f"Bearer {api.token()}"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"

    def chunks():  # no content-length: counted as it streams
        for _ in range(40):
            yield b"x" * 10_000

    streamed = api.client.post("/graphql", content=chunks(),
                               headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413


def test_pages_walk_the_whole_list(api: Api) -> None:
    names = sorted(f"Person {i:02}" for i in range(7))
    for name in names:
        api.register(name)
    seen: list[str] = []
    after = None
    for _ in range(10):
        page = api.ok("""query($after: String) { people(first: 3, after: $after) {
            items { name } pageInfo { hasNextPage endCursor } } }""",
                      {"after": after}, api.token())["people"]
        seen += [item["name"] for item in page["items"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == names


@pytest.mark.parametrize(("arguments", "code"), [
    ("first: 100000", "INVALID_INPUT"),
    ("first: -1", "INVALID_INPUT"),
    ('after: "garbage"', "INVALID_CURSOR"),
])
def test_bad_pagination_is_refused(api: Api, arguments: str, code: str) -> None:
    assert api.error_codes(f"{{ people({arguments}) {{ items {{ id }} }} }}",
                           token=api.token()) == [code]
