"""exportPersonData: a person's whole record, over HTTP, for them and admins only."""

from __future__ import annotations

import json

import pytest
from gqlclient import Api

from api.auth import Role

pytestmark = pytest.mark.neo4j

EXPORT = "query($p: ID!) { exportPersonData(person: $p) }"


def test_a_person_exports_their_own_record_with_ties_and_scores(api: Api) -> None:
    ada = api.register("Ada", headline="Analyst", organization="Engines", tags=["maths"])
    bob = api.register("Bob")
    api.ok('mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b, context: "tea") '
           "{ recorded { eventId } } }", {"a": ada, "b": bob}, api.person_token(ada))

    document = json.loads(api.ok(EXPORT, {"p": ada}, api.person_token(ada))["exportPersonData"])
    assert document["person"]["name"] == "Ada" and document["person"]["tags"] == ["maths"]
    assert [e["event"] for e in document["events"]] == \
        ["PersonRegistered", "Connected", "Met"]
    assert document["events"][2]["attributes"]["context"] == "tea"
    assert [t["other"] for t in document["graph"]["ties"]] == [bob]
    assert document["graph"]["scores"]["name"] == "Ada"
    assert json.loads(api.ok(EXPORT, {"p": ada}, api.token(Role.ADMIN))["exportPersonData"])[
        "person"]["id"] == ada


def test_nobody_else_exports_a_person(api: Api) -> None:
    ada, bob = api.register("Ada"), api.register("Bob")
    assert api.error_codes(EXPORT, {"p": ada}, api.person_token(bob)) == ["FORBIDDEN"]
    assert api.error_codes(EXPORT, {"p": ada}, api.token(Role.ANALYST)) == ["FORBIDDEN"]
    assert api.error_codes(EXPORT, {"p": ada}) == ["UNAUTHENTICATED"]
