"""End to end over HTTP: a mutation posted to uvicorn comes back projected from Neo4j."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from httpserver import Server

from api.auth import Role

pytestmark = pytest.mark.neo4j

WAIT_S = 20.0


def gql(server: Server, query: str, variables: dict[str, Any], token: str) -> dict[str, Any]:
    response = httpx.post(f"{server.url}/graphql", json={"query": query, "variables": variables},
                          headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body["errors"]
    return body["data"]


def register(server: Server, name: str) -> str:
    data = gql(server, """mutation($n: String!) {
        registerPerson(name: $n) { recorded { aggregateId } } }""", {"n": name}, server.token())
    return data["registerPerson"]["recorded"]["aggregateId"]


def test_meeting_posted_over_http_is_read_back_from_the_graph(server: Server) -> None:
    ada, bob = register(server, "Ada"), register(server, "Bob")
    as_ada = server.token(Role.PERSON, ada)
    recorded = gql(server, """mutation($a: ID!, $b: ID!) {
        recordMeeting(a: $a, b: $b, context: "conference") { recorded { eventId } } }""",
                   {"a": ada, "b": bob}, as_ada)["recordMeeting"]["recorded"]
    helped = gql(server, """mutation($a: ID!, $b: ID!) {
        recordHelp(giver: $a, receiver: $b, kind: "intro to a lawyer") {
          recorded { eventId } } }""", {"a": ada, "b": bob}, as_ada)["recordHelp"]["recorded"]

    query = """query($a: ID!, $b: ID!) {
        relationship(a: $a, b: $b) { strength history { items { kind eventId recordedBy } } }
        person(id: $a) { name given unconfirmedGiven received } }"""
    deadline = time.monotonic() + WAIT_S  # bounded: the projector runs in the server
    while True:
        data = gql(server, query, {"a": ada, "b": bob}, as_ada)
        if len(data["relationship"]["history"]["items"]) == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    history = data["relationship"]["history"]["items"]
    assert [(e["kind"], e["eventId"], e["recordedBy"]) for e in history] == [
        ("MET", recorded["eventId"], ada),
        ("HELPED", helped["eventId"], ada),
    ]
    assert data["relationship"]["strength"] > 0
    # Ada's help is her claim until Bob confirms it: shown apart from what she gave
    assert data["person"] == {"name": "Ada", "given": 0.0, "unconfirmedGiven": 1.0,
                              "received": 0.0}


def test_health_and_readiness(server: Server) -> None:
    assert httpx.get(f"{server.url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{server.url}/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["ready"] is True
    assert body["checks"]["neo4j"]["ok"] and body["checks"]["event_store"]["ok"]
    assert body["checks"]["projection"]["lag"] == 0
