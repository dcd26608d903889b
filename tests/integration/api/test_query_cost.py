"""Breadth × depth is limited: a document that may ask for more values than
`Limits.max_cost` (pages' `first`, or the default page size, multiplied down the levels)
is refused with QUERY_TOO_COSTLY before anything runs; ordinary queries pass."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from gqlclient import Api
from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    parse,
    specified_rules,
)
from hypothesis import given
from hypothesis import strategies as st

from api.cost import document_cost
from api.schema import build_schema
from api.settings import Limits

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = build_schema()._schema
PAGE = Limits().page_size


def nested(depth: int, first: str = "") -> str:
    query = "name"
    for _ in range(depth):
        query = f"ties{first} {{ items {{ other {{ {query} }} }} }}"
    return f'{{ person(id: "{uuid.uuid4()}") {{ {query} }} }}'


def cost(document: str, variables: dict | None = None) -> int:
    return document_cost(SCHEMA, parse(document), None, variables, PAGE)


def test_the_cost_counts_pages_times_fields() -> None:
    # a paginated field costs its page, and so does each field inside it, times the pages
    # around it: person, then per level ties, items, other, and at the bottom name
    assert cost(nested(1, "(first: 2)")) == 1 + (2 + 2 + 2) + 2
    assert cost(nested(2, "(first: 3)")) == 1 + (3 + 3 + 3) + (9 + 9 + 9) + 9
    assert cost(nested(1)) == 1 + 4 * PAGE  # no `first`: the default page size
    # a variable counts as its value; fragments count where they are spread
    assert cost("query($n: Int) { people(first: $n) { items { name } } }", {"n": 7}) == 3 * 7
    assert cost("{ people(first: 4) { items { ...p } } } fragment p on Person { name headline }"
                ) == 4 * 4


@given(st.integers(1, 200), st.integers(1, 200))
def test_the_cost_grows_with_every_page(small: int, extra: int) -> None:
    assert cost(nested(2, f"(first: {small + extra})")) > cost(nested(2, f"(first: {small})"))


def test_depth_ten_with_pages_of_200_is_refused(api: Api) -> None:
    """Depth 10 with `first: 200` allowed about 200³ tie rows."""
    body = api.post(nested(3, "(first: 200)"), token=api.token())
    (error,) = body["errors"]
    assert body["data"] is None
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["maxCost"] == Limits().max_cost
    assert error["extensions"]["cost"] == cost(nested(3, "(first: 200)")) > Limits().max_cost
    assert "first" in error["message"]
    as_variables = "query($n: Int) " + nested(3, "(first: $n)")
    assert api.error_codes(as_variables, {"n": 200}, api.token()) == ["QUERY_TOO_COSTLY"]
    assert api.error_codes(as_variables, {"n": 2}, api.token()) == []


def test_invalid_documents_keep_their_own_errors(api: Api) -> None:
    error = api.post(nested(6, "(first: 200)"), token=api.token())["errors"][0]
    assert "exceeds maximum operation depth" in error["message"]


def test_three_levels_of_default_pages_pass(api: Api) -> None:
    assert cost(nested(3)) <= Limits().max_cost < cost(nested(3, "(first: 200)"))
    assert api.error_codes(nested(3), token=api.token()) == []


def test_the_readme_and_benchmark_queries_pass() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documents = re.findall(r"```graphql\n(.*?)```", readme, re.S)
    documents += [p.read_text(encoding="utf-8") for p in (ROOT / "bench/graphql").glob("*.graphql")]
    assert len(documents) >= 4
    for document in documents:
        assert cost(document) <= Limits().max_cost, document


def test_a_document_is_validated_once_and_its_errors_kept(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The API remembers the validation of the query texts it saw last (a client sends the
    same few), errors included, and forgets the oldest past its bound."""
    import api.cost

    validated = api.cost.Validated(maxsize=2)
    calls: list[object] = []

    def counting(schema: GraphQLSchema, document: DocumentNode,
                 rules: tuple[type[ASTValidationRule], ...]) -> list[GraphQLError]:
        calls.append(document)
        return original(schema, document, rules)

    original = api.cost.validate_document
    monkeypatch.setattr(api.cost, "validate_document", counting)
    good, bad, third = parse("{ people { items { id } } }"), parse("{ nope }"), parse(
        "{ people { items { name } } }")
    validated_rules = tuple(specified_rules)
    assert validated(SCHEMA, good, validated_rules) == []
    first = validated(SCHEMA, bad, validated_rules)
    assert [e.message for e in first] == ["Cannot query field 'nope' on type 'Query'."]
    first.clear()  # a caller's list is its own
    assert len(validated(SCHEMA, bad, validated_rules)) == 1
    assert validated(SCHEMA, good, validated_rules) == []
    assert calls == [good, bad]
    validated(SCHEMA, third, validated_rules)  # pushes out the least recently used: bad
    validated(SCHEMA, bad, validated_rules)
    assert calls == [good, bad, third, bad]


def test_an_invalid_query_sent_again_gets_its_errors_again(api: Api) -> None:
    """Parsed and validated documents are kept between requests: errors are answered again,
    and the requests after them are not affected."""
    deep, fine = nested(6, "(first: 2)"), nested(1, "(first: 2)")
    for _ in range(2):
        errors = api.post(deep, token=api.token())["errors"]
        assert any("exceeds maximum operation depth" in e["message"] for e in errors)
        assert api.post(fine, token=api.token())["data"] == {"person": None}
