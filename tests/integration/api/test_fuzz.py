"""Fuzzing: queries and mutations generated from the schema (hypothesis-graphql), valid and
invalid, sent to the app over the real event store and Neo4j. Whatever comes in, the answer
is JSON with coded errors — never a server error. The normal suite sends 2,400 documents;
`make fuzz` (marker `fuzz`) sends GOODWILL_FUZZ_EXAMPLES."""

from __future__ import annotations

import os
from datetime import UTC

import pytest
from gqlclient import Api
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, mutations, nodes, queries
from hypothesis_graphql._strategies.strategy import Mode

from api.auth import Role
from api.schema import build_schema

pytestmark = pytest.mark.neo4j

DEFAULT_TOTAL = 2400  # in the normal suite; `make fuzz` runs GOODWILL_FUZZ_EXAMPLES more
SCHEMA = build_schema()._schema
SCALARS = {"DateTime": st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat())
           .map(nodes.String)}
QUERY_FIELDS = [name for name in SCHEMA.query_type.fields]
# A rebuild wipes the graph: exercised by its own tests, too slow to repeat thousands of times.
# importFile takes an upload, which only a multipart request carries: tests/e2e has its tests.
MUTATION_FIELDS = [name for name in SCHEMA.mutation_type.fields
                   if name not in ("rebuildGraph", "importFile")]
def fuzz_settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


def check(api: Api, document: str, token: str) -> None:
    response = api.client.post("/graphql", json={"query": document},
                               headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in (200, 400, 413), (response.status_code, document)
    body = response.json()
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code and code != "INTERNAL", (document, error)
        assert "Traceback" not in error["message"]


@pytest.fixture
def people(api: Api) -> Api:
    """A few people and a tie, so that some generated reads find something."""
    ada, bob = api.register("Ada"), api.register("Bob")
    api.ok("mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b) { recorded { eventId } } }",
           {"a": ada, "b": bob}, api.token())
    return api


def fuzz(api: Api, total: int) -> None:
    """`total` generated documents: 40% queries (analyst), 40% mutations (admin, so they reach
    the domain), 20% invalid documents."""
    as_analyst, as_admin = api.token(Role.ANALYST), api.token(Role.ADMIN)
    runs = [
        (queries(SCHEMA, fields=QUERY_FIELDS, custom_scalars=SCALARS), as_analyst, 2 * total // 5),
        (mutations(SCHEMA, fields=MUTATION_FIELDS, custom_scalars=SCALARS), as_admin,
         2 * total // 5),
        (from_schema(SCHEMA, fields=QUERY_FIELDS + MUTATION_FIELDS, custom_scalars=SCALARS,
                     mode=Mode.NEGATIVE), as_admin, total // 5),
    ]
    sent = 0

    def send(document: str, token: str) -> None:
        nonlocal sent
        sent += 1
        check(api, document, token)

    for strategy, token, examples in runs:
        def one(document: str, token: str) -> None:  # hypothesis marks what it decorates
            send(document, token)

        given(strategy, st.just(token))(fuzz_settings(examples)(one))()
    # hypothesis may stop early when a strategy has fewer distinct examples than asked
    assert sent >= total * 0.9, sent


def test_generated_requests_never_cause_server_errors(people: Api) -> None:
    fuzz(people, DEFAULT_TOTAL)


@pytest.mark.fuzz
def test_long_fuzz_run(people: Api) -> None:
    fuzz(people, int(os.environ.get("GOODWILL_FUZZ_EXAMPLES", "20000")))
