"""An idempotency key names one request: sent again with the same arguments it answers the
first result and writes nothing; with other arguments it is IDEMPOTENCY_CONFLICT."""

from __future__ import annotations

import pytest
from gqlclient import Api

pytestmark = pytest.mark.neo4j

MEET = """mutation($a: ID!, $b: ID!, $key: String) {
  recordMeeting(a: $a, b: $b, idempotencyKey: $key) { recorded { eventId } } }"""


def test_the_same_key_with_another_pair_is_a_conflict(api: Api) -> None:
    ada, bob, cy = api.register("Ada"), api.register("Bob"), api.register("Cy")
    as_ada = api.person_token(ada)
    first = api.ok(MEET, {"a": ada, "b": bob, "key": "meet-1"}, as_ada)
    position = api.services.domain.max_notification_id()
    assert api.ok(MEET, {"a": ada, "b": bob, "key": "meet-1"}, as_ada) == first
    body = api.post(MEET, {"a": ada, "b": cy, "key": "meet-1"}, as_ada)
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "IDEMPOTENCY_CONFLICT"
    assert "other arguments" in error["message"]
    assert api.services.domain.max_notification_id() == position
