"""Every query field (and mutation) declares who may call it, with a permission class; each
query field × each kind of caller is checked against that declaration over HTTP."""

from __future__ import annotations

import pytest
from gqlclient import Api

from api.auth import Role
from api.permissions import PERMISSIONS, ActsForPeople
from api.schema import build_schema

pytestmark = pytest.mark.neo4j

ZERO = "00000000-0000-4000-8000-000000000000"
QUERIES: dict[str, str] = {
    "person": f'{{ person(id: "{ZERO}") {{ id }} }}',
    "people": "{ people { items { id } } }",
    "ledger": f'{{ ledger(person: "{ZERO}") {{ items {{ kind }} }} }}',
    "relationship": f'{{ relationship(a: "{ZERO}", b: "{ZERO[:-1]}1") {{ strength }} }}',
    "groups": "{ groups { items { id } } }",
    "auditTrail": f'{{ auditTrail(aggregateId: "{ZERO}") {{ items {{ event }} }} }}',
    "projectionLag": "{ projectionLag }",
    "warmIntroductions": f'{{ warmIntroductions(from: "{ZERO}", to: {{tag: "x"}}) '
                         "{ items { warmth } } }",
    "influencers": '{ influencers(within: {tag: "x"}) { items { influence } } }',
    "fadingTies": f'{{ fadingTies(person: "{ZERO}") {{ items {{ drop }} }} }}',
    "portfolio": f'{{ portfolio(person: "{ZERO}") {{ at }} }}',
    "pendingIntroductions": f'{{ pendingIntroductions(broker: "{ZERO}") {{ items {{ id }} }} }}',
    "exportPersonData": f'{{ exportPersonData(person: "{ZERO}") }}',
    "me": "{ me { role } }",
}
AUTH_CODES = {"UNAUTHENTICATED", "FORBIDDEN"}


def _declared(type_name: str) -> dict[str, list[type]]:
    definition = build_schema().get_type_by_name(type_name)
    assert definition is not None
    return {field.graphql_name or field.python_name: list(field.permission_classes)
            for field in definition.fields}


def test_every_field_declares_one_permission() -> None:
    for type_name in ("Query", "Mutation", "Subscription"):
        for name, classes in _declared(type_name).items():
            assert len(classes) == 1 and classes[0] in PERMISSIONS, f"{type_name}.{name}"
    commands = [c for n, (c,) in _declared("Mutation").items() if n != "rebuild_graph"]
    assert set(commands) == {ActsForPeople}


def test_every_query_field_has_a_case() -> None:
    assert set(QUERIES) == {n for n in build_schema()._schema.query_type.fields}


def _token(api: Api, caller: str) -> str | None:
    if caller == "anonymous":
        return None
    if caller == "person":
        return api.person_token(api.register("Pat"))
    return api.token(Role(caller))


@pytest.mark.parametrize("caller", ["anonymous", "analyst", "person", "admin"])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_auth_matrix(api: Api, name: str, caller: str) -> None:
    (permission,) = next(c for n, c in _declared("Query").items()
                         if n in (name, _snake(name)))
    body = api.post(QUERIES[name], token=_token(api, caller))
    codes = {e["extensions"]["code"] for e in body.get("errors") or []}
    if caller == "anonymous":
        assert codes == {"UNAUTHENTICATED"}, body
    elif Role(caller) in permission.roles and not (caller == "person" and name in OWN_ONLY):
        assert not codes & AUTH_CODES, body
    else:
        assert codes == {"FORBIDDEN"}, body


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


# The query fields about one person, by the person they are about: a person asking about
# themself ("own") or someone else ("other's"). Own reads are always allowed; another
# person's inbox and warm paths from them are for analysts and admins only; a person's
# export is for them and admins.
ABOUT_PERSON: dict[str, str] = {
    "person": "{ person(id: $p) { id } }",
    "ledger": "{ ledger(person: $p) { items { kind } } }",
    "warmIntroductions": '{ warmIntroductions(from: $p, to: {tag: "x"}) { items { warmth } } }',
    "fadingTies": "{ fadingTies(person: $p) { items { drop } } }",
    "portfolio": "{ portfolio(person: $p) { at } }",
    "pendingIntroductions": "{ pendingIntroductions(broker: $p) { items { id } } }",
    "exportPersonData": "{ exportPersonData(person: $p) }",
}
OWN_ONLY = {"warmIntroductions", "pendingIntroductions", "exportPersonData"}


def test_every_field_about_a_person_has_an_own_and_others_case() -> None:
    arguments = {"id", "person", "from", "broker"}
    query_type = build_schema()._schema.query_type
    about = {name for name, field in query_type.fields.items() if set(field.args) & arguments}
    assert about == set(ABOUT_PERSON)


@pytest.mark.parametrize(("caller", "whose"), [
    ("person", "own"), ("person", "other's"), ("analyst", "other's"), ("admin", "other's"),
])  # analysts and admins act for nobody: whoever they name is someone else
@pytest.mark.parametrize("name", sorted(ABOUT_PERSON))
def test_query_auth_matrix_own_and_others(api: Api, name: str, caller: str,
                                          whose: str) -> None:
    me, other = api.register("Me"), api.register("Other")
    token = api.person_token(me) if caller == "person" else api.token(Role(caller))
    query = "query($p: ID!) " + ABOUT_PERSON[name]
    body = api.post(query, {"p": me if whose == "own" else other}, token)
    codes = {e["extensions"]["code"] for e in body.get("errors") or []}
    (permission,) = next(c for n, c in _declared("Query").items()
                         if n in (name, _snake(name)))
    if (caller == "person" and whose == "other's" and name in OWN_ONLY) \
            or Role(caller) not in permission.roles:
        assert codes == {"FORBIDDEN"}, body
    else:
        assert not codes & AUTH_CODES, body
