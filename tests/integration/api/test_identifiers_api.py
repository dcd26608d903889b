"""Person.identifiers over HTTP: set with setIdentifiers, read from the event store, shown
to the person themself and admins only."""

from __future__ import annotations

import time

import pytest
from gqlclient import Api

from api.auth import Role

pytestmark = pytest.mark.neo4j

SET = """mutation($p: ID!) { setIdentifiers(person: $p, emails: ["Ada@Example.com"],
           phones: ["+44 20 7946 0958"], profiles: ["https://www.linkedin.com/in/Ada-L/"]) {
           recorded { eventId } } }"""
READ = "query($p: ID!) { person(id: $p) { name identifiers { emails phones linkedin } } }"


def _projected(api: Api, person: str) -> None:
    deadline = time.monotonic() + 10
    while api.ok(READ, {"p": person}, api.token())["person"] is None:
        assert time.monotonic() < deadline, "the person was never projected"
        time.sleep(0.1)


def test_identifiers_are_shown_to_the_person_and_admins_only(api: Api) -> None:
    ada, bob = api.register("Ada"), api.register("Bob")
    api.ok(SET, {"p": ada}, api.person_token(ada))
    _projected(api, ada)
    expected = {"emails": ["ada@example.com"], "phones": ["+442079460958"],
                "linkedin": ["linkedin.com/in/ada-l"]}
    for token in (api.person_token(ada), api.token(Role.ADMIN)):
        assert api.ok(READ, {"p": ada}, token)["person"]["identifiers"] == expected
    for token in (api.person_token(bob), api.token(Role.ANALYST)):
        assert api.ok(READ, {"p": ada}, token)["person"]["identifiers"] is None


def test_someone_else_cannot_set_them_and_bad_ones_are_refused(api: Api) -> None:
    ada, bob = api.register("Ada"), api.register("Bob")
    assert api.error_codes(SET, {"p": ada}, api.person_token(bob)) == ["FORBIDDEN"]
    assert api.error_codes(
        'mutation($p: ID!) { setIdentifiers(person: $p, emails: ["nope"]) { recorded '
        "{ eventId } } }", {"p": ada}, api.person_token(ada)) == ["INVALID_INPUT"]
