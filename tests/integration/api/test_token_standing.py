"""Tokens carry an id and live at most MAX_TTL_S; `goodwill token revoke` and forgetting
a person stop their tokens at once, for GraphQL and `/cypher`, in the running API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from gqlclient import SECRET, Api

from api import auth
from api.auth import MAX_TTL_S, AuthError, Role

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[3]
PEOPLE = "{ people { items { id } } }"


def goodwill(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOODWILL_TOKEN_SECRET": SECRET, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def signed(body: dict) -> str:
    payload = auth._b64(json.dumps(body).encode())
    return f"gw1.{payload}.{auth._sign(SECRET, payload)}"


def test_tokens_carry_an_id_and_an_issue_time() -> None:
    first = auth.verify(SECRET, auth.issue(SECRET, Role.ADMIN, now=1_000), now=1_001)
    second = auth.verify(SECRET, auth.issue(SECRET, Role.ADMIN, now=1_000), now=1_001)
    assert first.token_id and first.token_id != second.token_id
    assert (first.issued_at, first.expires_at) == (1_000, 1_000 + auth.DEFAULT_TTL_S)
    assert auth.token_id_of(auth.issue(SECRET, Role.ANALYST)) != first.token_id


def test_a_lifetime_over_the_cap_is_neither_issued_nor_accepted() -> None:
    with pytest.raises(ValueError, match="at most 90 days"):
        auth.issue(SECRET, Role.ADMIN, ttl_s=MAX_TTL_S + 1)
    auth.verify(SECRET, auth.issue(SECRET, Role.ADMIN, ttl_s=MAX_TTL_S))
    forever = signed({"r": "admin", "p": None, "e": 4_000_000_000, "i": "x", "t": 1_000})
    with pytest.raises(AuthError, match="longer than 90 days"):
        auth.verify(SECRET, forever)
    without_id = signed({"r": "admin", "p": None, "e": 4_000_000_000})  # the older kind
    with pytest.raises(AuthError, match="no id"):
        auth.verify(SECRET, without_id)
    assert goodwill("token", "create", "--role", "admin", "--days", "365").returncode != 0


def test_a_revoked_token_stops_working_at_once(api: Api) -> None:
    store = api.settings.event_store
    analyst, other = api.token(Role.ANALYST), api.token(Role.ANALYST)
    assert api.error_codes(PEOPLE, token=analyst) == []
    revoked = goodwill("token", "revoke", analyst, "--store", store)
    assert revoked.returncode == 0, revoked.stderr
    assert auth.token_id_of(analyst) in revoked.stdout
    body = api.post(PEOPLE, token=analyst)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
    assert "revoked" in body["errors"][0]["message"]
    cypher = api.client.post("/cypher", json={"query": "RETURN 1 AS one"},
                             headers={"Authorization": f"Bearer {analyst}"})
    assert cypher.status_code == 401 and "revoked" in cypher.json()["error"]["message"]
    assert api.error_codes(PEOPLE, token=other) == []  # only that token
    again = goodwill("token", "revoke", auth.token_id_of(analyst), "--store", store)
    assert again.returncode == 0 and "already revoked" in again.stdout
    assert goodwill("token", "revoke", "gw1.garbage", "--store", store).returncode != 0


def test_tokens_of_a_forgotten_person_stop_working_at_once(api: Api) -> None:
    ada, bob = api.register("Ada"), api.register("Bob")
    as_ada, as_bob = api.person_token(ada), api.person_token(bob)
    api.ok("mutation { forgetPerson { recorded { eventId } } }", token=as_ada)
    body = api.post(PEOPLE, token=as_ada)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
    assert "forgotten" in body["errors"][0]["message"]
    assert api.error_codes(PEOPLE, token=api.person_token(ada)) == ["UNAUTHENTICATED"]
    assert api.error_codes(PEOPLE, token=as_bob) == []
    # a person token may name someone not registered yet (the commands refuse for them)
    assert api.error_codes(PEOPLE, token=api.person_token(str(uuid.uuid4()))) == []


def test_a_token_that_cannot_be_checked_is_refused_with_a_code(api: Api) -> None:
    """With the event store unreadable, a token's standing is unknown: refused with the
    store's fault (here a file that is no database: EVENT_STORE_CORRUPT; 503 on /cypher),
    never let through and never INTERNAL."""
    analyst = api.token(Role.ANALYST)
    assert api.error_codes(PEOPLE, token=analyst) == []
    store = Path(api.settings.event_store.removeprefix("sqlite:///"))
    for path in store.parent.glob(store.name + "*"):
        path.write_bytes(b"this is not a database" * 100)
    body = api.post(PEOPLE, token=analyst)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["EVENT_STORE_CORRUPT"]
    cypher = api.client.post("/cypher", json={"query": "RETURN 1 AS one"},
                             headers={"Authorization": f"Bearer {analyst}"})
    assert cypher.status_code == 503
    assert cypher.json()["error"]["code"] == "EVENT_STORE_CORRUPT"
