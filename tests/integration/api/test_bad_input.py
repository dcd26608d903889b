"""No input reaches the error handler as INTERNAL or an HTTP 500: every argument of every
query and mutation of the served schema gets hostile values of its own type (dates that do
not exist, non-finite floats, integers past 64 bits, text with any code point including
lone surrogates, forged cursors, ids, JSON of any shape), sent as variables to the app over
the real event store and Neo4j; the bodies, `/cypher` parameters and bearer tokens around
them get the same. Each answer is a coded error (INVALID_INPUT, INVALID_CURSOR,
UNAUTHENTICATED …) or a result, never INTERNAL."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest
from gqlclient import Api
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    get_named_type,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api import json_input
from api.auth import Role
from api.schema import build_schema

pytestmark = pytest.mark.neo4j

SCHEMA = build_schema()._schema
# A rebuild wipes the graph: exercised by its own tests.
FIELDS = [("query", name, field) for name, field in SCHEMA.query_type.fields.items()] + [
    ("mutation", name, field) for name, field in SCHEMA.mutation_type.fields.items()
    if name != "rebuildGraph"]
RAW = "__raw__"  # a value written into the body verbatim (1e400 is no Python float)

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)  # surrogates too
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=8,
)
DATES = st.sampled_from([
    "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "9999-12-31T23:59:59Z",
    "2026-01-01T00:00:00", "2026-01-01T25:00:00Z", "2026-01-01", "yesterday", "",
    "2026-01-01T00:00:00+99:00", "1900-01-01T00:00:00Z", "2025-06-01T12:00:00+02:00",
]) | st.datetimes().map(lambda d: d.isoformat()) | ANY_TEXT
FLOATS = st.sampled_from([f"{RAW}NaN", f"{RAW}Infinity", f"{RAW}-Infinity", f"{RAW}1e400",
                          f"{RAW}-1e400", f"{RAW}{2**64}"]) | st.floats() | st.integers(
    -(2**70), 2**70)
INTS = st.integers(-(2**70), 2**70) | st.sampled_from([2**31, 2**63, -(2**63) - 1, 1.5])


def cursors() -> st.SearchStrategy[str]:
    def encode(text: str) -> str:
        return base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode()
    offsets = st.integers(-(2**70), 2**70) | st.sampled_from([2**63, 2**63 - 1, 2**31])
    return (offsets.map(lambda n: encode(f"o:{n}")) | ANY_TEXT.map(encode) | ANY_TEXT)


def value_of(kind: GraphQLInputType, ids: list[str]) -> st.SearchStrategy[Any]:
    """Values for one argument type: mostly hostile values of that type, sometimes any JSON."""
    if isinstance(kind, GraphQLNonNull):
        return value_of(kind.of_type, ids)
    if isinstance(kind, GraphQLList):
        return st.lists(value_of(kind.of_type, ids), max_size=4) | ANY_JSON
    named = get_named_type(kind)
    if isinstance(named, GraphQLEnumType):
        own = st.sampled_from(list(named.values))
    elif isinstance(named, GraphQLInputObjectType):
        own = st.dictionaries(st.sampled_from(list(named.fields)),
                              st.sampled_from(ids) | ANY_TEXT, max_size=2)
    else:
        own = {
            "DateTime": DATES,
            "Float": FLOATS,
            "Int": INTS,
            "ID": st.sampled_from(ids) | st.uuids().map(str) | cursors(),
            "String": cursors() | ANY_TEXT | st.sampled_from(["EUR", "ZZZ", "\x00", "\u202e",
                                                              "\x1b[31mred", "e\u0301"]),
            "Boolean": st.booleans(),
            "Upload": ANY_JSON,  # a JSON value where only a multipart file goes
        }[named.name]
    return st.one_of(own, own, own, ANY_JSON)


def selection(field: GraphQLField) -> str:
    return " { __typename }" if isinstance(get_named_type(field.type), GraphQLObjectType) else ""


@st.composite
def requests(draw: st.DrawFn, ids: list[str]) -> tuple[str, dict[str, Any]]:
    """One operation calling one field with hostile variables for some of its arguments."""
    kind, name, field = draw(st.sampled_from(FIELDS))
    required = [a for a, arg in field.args.items() if isinstance(arg.type, GraphQLNonNull)]
    optional = [a for a in field.args if a not in required]
    chosen = required + draw(st.lists(st.sampled_from(optional), unique=True)) if optional \
        else required
    declarations = ", ".join(f"$v{i}: {field.args[a].type}" for i, a in enumerate(chosen))
    arguments = ", ".join(f"{a}: $v{i}" for i, a in enumerate(chosen))
    variables = {f"v{i}": draw(value_of(field.args[a].type, ids)) for i, a in enumerate(chosen)}
    head = f"{kind}({declarations})" if chosen else kind
    call = f"{name}({arguments})" if chosen else name
    return f"{head} {{ {call}{selection(field)} }}", variables


def body(query: str, variables: dict[str, Any]) -> str:
    """The JSON body, RAW-marked strings written verbatim (NaN, 1e400, 2**64 as numbers)."""
    text = json.dumps({"query": query, "variables": variables}, allow_nan=True)
    return text.replace(f'"{RAW}', "").replace(f'{RAW}"', "") if RAW in text else text


def assert_coded(response: Any, context: object) -> dict[str, Any]:
    """The answer is JSON whose errors all carry a code other than INTERNAL."""
    assert response.status_code in (200, 400, 401, 403, 404, 413), (response.status_code,
                                                                     context)
    answer = response.json()
    errors = answer.get("errors") or ([answer["error"]] if "error" in answer else [])
    for error in errors:
        code = (error.get("extensions") or {}).get("code") or error.get("code")
        assert code and code != "INTERNAL", (context, error)
        assert "Traceback" not in error["message"]
    return answer


def post(api: Api, content: str | bytes, token: str | None = None, path: str = "/graphql",
         authorization: bytes | None = None) -> Any:
    headers: dict[str, Any] = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    if authorization is not None:
        headers["authorization"] = authorization
    return api.client.post(path, content=content, headers=headers)


@pytest.fixture
def people(api: Api) -> tuple[Api, list[str]]:
    ada, bob = api.register("Ada"), api.register("Bob")
    api.ok("mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b) { recorded { eventId } } }",
           {"a": ada, "b": bob}, api.token())
    return api, [ada, bob]


def test_hostile_arguments_of_every_type_get_coded_errors(people: tuple[Api, list[str]]) -> None:
    api, ids = people
    admin = api.token(Role.ADMIN)
    seen: set[str] = set()

    @settings(max_examples=400, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(requests(ids))
    def one(request: tuple[str, dict[str, Any]]) -> None:
        query, variables = request
        seen.add(query.split("{", 2)[1].split("(")[0].strip())
        assert_coded(post(api, body(query, variables), admin), (query, variables))

    one()
    assert len(seen) > len(FIELDS) // 2, sorted(seen)  # most fields were reached


CLOSE = ("mutation($v: Float!) { closeReferral(referral: \"" + str(uuid.uuid4())
         + "\", value: $v) { __typename } }")


@pytest.mark.parametrize(("query", "variables", "code"), [
    ("query($t: DateTime) { fadingTies(asOf: $t) { items { drop } } }",
     {"t": "2026-02-30T00:00:00Z"}, "INVALID_INPUT"),
    ("query($t: DateTime) { fadingTies(asOf: $t) { items { drop } } }",
     {"t": "2026-01-01T00:00:00"}, "INVALID_INPUT"),
    (CLOSE, {"v": f"{RAW}1e400"}, "INVALID_INPUT"),
    (CLOSE, {"v": f"{RAW}NaN"}, "INVALID_INPUT"),
    (CLOSE, {"v": f"{RAW}Infinity"}, "INVALID_INPUT"),
    ("mutation($n: String!) { registerPerson(name: $n) { __typename } }", {"n": "a\ud800b"},
     "INVALID_INPUT"),
    ("query($s: String) { people(search: $s) { items { id } } }", {"s": "\udfff"},
     "INVALID_INPUT"),
    ("query($c: String) { people(after: $c) { items { id } } }",
     {"c": base64.urlsafe_b64encode(f"o:{2**63}".encode()).decode()}, "INVALID_CURSOR"),
    ("query($c: String) { people(after: $c) { items { id } } }",
     {"c": base64.urlsafe_b64encode(f"o:{2**31}".encode()).decode()}, "INVALID_CURSOR"),
])
def test_each_reported_bad_input_has_its_code(api: Api, query: str, variables: dict[str, Any],
                                              code: str) -> None:
    """The inputs that answered INTERNAL before."""
    answer = assert_coded(post(api, body(query, variables), api.token()), query)
    assert [e["extensions"]["code"] for e in answer["errors"]] == [code], answer


def test_deep_json_is_refused_with_a_coded_400(api: Api) -> None:
    deep = "[" * 50_000 + "]" * 50_000
    response = post(api, '{"query": "{ __typename }", "variables": {"v": ' + deep + "}}",
                    api.token())
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT" and "nested" in error["message"]
    just_over = "[" * json_input.MAX_DEPTH + "]" * json_input.MAX_DEPTH
    response = post(api, '{"query": "{ __typename }", "variables": {"v": ' + just_over + "}}",
                    api.token())
    assert response.status_code == 400
    within = "[" * (json_input.MAX_DEPTH - 2) + "]" * (json_input.MAX_DEPTH - 2)
    response = post(api, '{"query": "{ __typename }", "variables": {"v": ' + within + "}}",
                    api.token())
    assert response.json() == {"data": {"__typename": "Query"},
                               "extensions": {"cypherRoundTrips": 0}}


@pytest.mark.parametrize("content", [
    b'{"query": "{ __typename }", "variables": {"v": NaN}}',
    b"not json", b"\xff\xfe\x00", b'{"query": 1e400}',
])
def test_bodies_that_are_not_plain_json_are_refused(api: Api, content: bytes) -> None:
    response = post(api, content, api.token())
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


@pytest.mark.parametrize("header", [
    "Bearer gw1.é.x".encode(), "Bearer gw1.e30.é".encode(), b"Bearer \xff\xfe",
    "Bearer gw1.e30.\u00e9\u00e9".encode("latin-1"),
])
def test_a_bearer_token_with_non_ascii_characters_is_unauthenticated(api: Api,
                                                                     header: bytes) -> None:
    response = post(api, json.dumps({"query": "{ people { items { id } } }"}),
                    authorization=header)
    answer = assert_coded(response, header)
    assert [e["extensions"]["code"] for e in answer["errors"]] == ["UNAUTHENTICATED"]
    cypher = post(api, json.dumps({"query": "RETURN 1 AS one"}), path="/cypher",
                  authorization=header)
    assert cypher.status_code == 401
    assert cypher.json()["error"]["code"] == "UNAUTHENTICATED"


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(header=st.binary(max_size=60).filter(lambda b: not set(b) & {0, 10, 13}))
def test_any_authorization_header_gets_a_coded_answer(api: Api, header: bytes) -> None:
    assert_coded(post(api, json.dumps({"query": "{ people { items { id } } }"}),
                      authorization=b"Bearer " + header), header)


def test_cypher_parameters_past_64_bits_are_refused(api: Api) -> None:
    analyst = api.token(Role.ANALYST)
    for number in (2**63, -(2**63) - 1, 2**64):
        response = post(api, f'{{"query": "RETURN $x AS x", "parameters": {{"x": {number}}}}}',
                        analyst, path="/cypher")
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == "INVALID_INPUT"
    largest = post(api, f'{{"query": "RETURN $x AS x", "parameters": {{"x": {2**63 - 1}}}}}',
                   analyst, path="/cypher")
    assert largest.status_code == 200 and largest.json()["rows"] == [[2**63 - 1]]
    deep = '{"query": "RETURN 1", "parameters": {"x": ' + "[" * 50_000 + "]" * 50_000 + "}}"
    response = post(api, deep, analyst, path="/cypher")
    assert response.status_code == 400 and response.json()["error"]["code"] == "INVALID_INPUT"


@settings(max_examples=80, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(parameters=st.dictionaries(ANY_TEXT, ANY_JSON, max_size=3))
def test_any_cypher_parameters_get_a_coded_answer(api: Api, parameters: dict[str, Any]) -> None:
    content = json.dumps({"query": "RETURN $p AS p", "parameters": {"p": parameters}},
                         allow_nan=True)
    assert_coded(post(api, content, api.token(Role.ANALYST), path="/cypher"), parameters)


REGISTER = "mutation($n: String!) { registerPerson(name: $n) { person { id name } } }"


def test_names_are_stored_nfc_and_control_characters_refused(api: Api) -> None:
    person = api.ok(REGISTER, {"n": "Jose\u0301 Lo\u0301pez"}, api.token())
    assert person["registerPerson"]["person"]["name"] == "Jos\u00e9 L\u00f3pez"
    search = "query($s: String) { people(search: $s) { items { name } } }"
    for spelling in ("Jos\u00e9", "Jose\u0301"):  # either spelling finds the one name
        found = api.ok(search, {"s": spelling}, api.token())["people"]["items"]
        assert found == [{"name": "Jos\u00e9 L\u00f3pez"}], spelling
    before = api.services.domain.max_notification_id()
    for name in ("\x1b[31mAda", "Ada\x00", "Ada\u202eadA", "Ada\nLovelace"):
        assert api.error_codes(REGISTER, {"n": name}, api.token()) == ["INVALID_INPUT"], name
    assert api.services.domain.max_notification_id() == before  # nothing half-written


def test_a_currency_outside_iso_4217_is_refused(api: Api) -> None:
    giver, receiver = api.register("Giver"), api.register("Receiver")
    referral = api.ok("""mutation($r: ID!) { giveReferral(receiver: $r, prospectName: "Acme")
                         { recorded { aggregateId } } }""", {"r": receiver},
                      api.person_token(giver))["giveReferral"]["recorded"]["aggregateId"]
    as_receiver = api.person_token(receiver)
    api.ok("mutation($r: ID!) { acceptReferral(referral: $r) { __typename } }",
           {"r": referral}, as_receiver)
    close = """mutation($r: ID!, $c: String!) { closeReferral(referral: $r, value: 5, currency: $c)
               { referral { currency } } }"""
    assert api.error_codes(close, {"r": referral, "c": "ZZZ"}, as_receiver) == ["INVALID_INPUT"]
    closed = api.ok(close, {"r": referral, "c": "chf"}, as_receiver)
    assert closed["closeReferral"]["referral"]["currency"] == "CHF"
