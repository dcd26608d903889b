"""Every mutation × every kind of caller: nobody without a token, analysts read only,
a person acts only as themself (a stranger to the events is refused), admins may act for
anyone. Each cell starts from a fresh arrangement recorded through the domain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from gqlclient import Api
from strawberry.utils.str_converters import to_camel_case

from api.auth import Role
from domain.actors import Actor
from domain.declarations import commands

pytestmark = pytest.mark.neo4j

ADMIN = Actor.admin()


@dataclass
class Scene:
    """People and objects a case needs; `owner` is the one person entitled to act."""

    api: Api
    ada: str
    bob: str
    carl: str
    zed: str  # a stranger to everything below

    @property
    def d(self) -> Any:
        return self.api.services.domain

    def as_(self, person: str) -> Actor:
        return Actor.person(person)

    def met(self, a: str, b: str) -> Any:
        return self.d.record_meeting(self.as_(a), a=a, b=b)

    def introduction(self, accepted: bool = False) -> str:
        self.met(self.ada, self.bob)
        self.met(self.bob, self.carl)
        intro = self.d.request_introduction(self.as_(self.ada), target=self.carl,
                                            broker=self.bob).aggregate_id
        if accepted:
            self.d.accept_introduction(self.as_(self.bob), introduction=intro)
        return str(intro)

    def made_introduction(self) -> str:
        intro = self.introduction(accepted=True)
        self.d.make_introduction(self.as_(self.bob), introduction=intro)
        return intro

    def referral(self, accepted: bool = False) -> str:
        ref = self.d.give_referral(self.as_(self.ada), receiver=self.bob,
                                   prospect_name="Acme").aggregate_id
        if accepted:
            self.d.accept_referral(self.as_(self.bob), referral=ref)
        return str(ref)

    def group(self, with_bob: bool = True, client: bool = False) -> str:
        group = self.d.form_group(self.as_(self.ada), name="Circle").aggregate_id
        if with_bob:
            self.d.join_group(self.as_(self.bob), group=group)
        if client:
            self.d.bring_client(self.as_(self.bob), group=group, client=self.carl)
        return str(group)


Arrange = Callable[[Scene], tuple[dict[str, Any], str | None]]


@dataclass(frozen=True)
class Case:
    mutation: str  # a document with variables
    arrange: Arrange  # → (variables, owner); owner None: any person may do it


CASES: dict[str, Case] = {
    "registerPerson": Case('mutation { registerPerson(name: "Dee") { recorded { eventId } } }',
                           lambda s: ({}, None)),
    "updateProfile": Case(
        'mutation($p: ID!) { updateProfile(person: $p, headline: "CFO") { recorded { eventId } } }',
        lambda s: ({"p": s.ada}, s.ada)),
    "setIdentifiers": Case(
        """mutation($p: ID!) { setIdentifiers(person: $p, emails: ["ada@example.com"]) {
           recorded { eventId } } }""",
        lambda s: ({"p": s.ada}, s.ada)),
    "setBrokeringPreference": Case(
        """mutation($p: ID!) { setBrokeringPreference(person: $p,
           acceptsIntroductionRequests: false) { recorded { eventId } } }""",
        lambda s: ({"p": s.ada}, s.ada)),
    "forgetPerson": Case(
        "mutation($p: ID!) { forgetPerson(person: $p) { recorded { eventId } } }",
        lambda s: ({"p": s.ada}, s.ada)),
    "mergePeople": Case(  # an imported record of Ada: Ada herself may merge it
        """mutation($s: ID!, $d: ID!) { mergePeople(survivor: $s, duplicate: $d) {
           recorded { eventId } } }""",
        lambda s: ({"s": s.ada, "d": str(s.d.register_person(
            ADMIN, name="Ada (imported)").aggregate_id)}, s.ada)),
    "connect": Case(
        "mutation($a: ID!, $b: ID!) { connect(a: $a, b: $b) { recorded { eventId } } }",
        lambda s: ({"a": s.ada, "b": s.bob}, s.ada)),
    "recordMeeting": Case(
        "mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b) { recorded { eventId } } }",
        lambda s: ({"a": s.ada, "b": s.bob}, s.ada)),
    "recordHelp": Case(
        """mutation($a: ID!, $b: ID!) { recordHelp(giver: $a, receiver: $b) {
           recorded { eventId } } }""",
        lambda s: ({"a": s.ada, "b": s.bob}, s.ada)),
    "confirmEvent": Case(
        """mutation($a: ID!, $b: ID!, $e: ID!) { confirmEvent(a: $a, b: $b, event: $e) {
           recorded { eventId } } }""",
        lambda s: ({"a": s.ada, "b": s.bob, "e": str(s.met(s.ada, s.bob).event_id)}, s.bob)),
    "thank": Case(
        """mutation($t: ID!, $e: ID!, $by: ID) { thank(thanked: $t, forEvent: $e, thanker: $by) {
           recorded { eventId } } }""",
        lambda s: ({"t": s.ada, "by": s.bob, "e": str(s.d.record_help(
            s.as_(s.ada), giver=s.ada, receiver=s.bob).event_id)}, s.bob)),
    "classify": Case(
        """mutation($a: ID!, $b: ID!) { classify(a: $a, b: $b, kind: STRATEGIC) {
           recorded { eventId } } }""",
        lambda s: (s.met(s.ada, s.bob) and {"a": s.ada, "b": s.bob}, s.ada)),
    "requestIntroduction": Case(
        """mutation($r: ID!, $t: ID!, $b: ID!) { requestIntroduction(requester: $r, target: $t,
           broker: $b) { recorded { eventId } } }""",
        lambda s: (s.met(s.ada, s.bob) and s.met(s.bob, s.carl)
                   and {"r": s.ada, "t": s.carl, "b": s.bob}, s.ada)),
    "acceptIntroduction": Case(
        "mutation($i: ID!) { acceptIntroduction(introduction: $i) { recorded { eventId } } }",
        lambda s: ({"i": s.introduction()}, s.bob)),
    "declineIntroduction": Case(
        "mutation($i: ID!) { declineIntroduction(introduction: $i) { recorded { eventId } } }",
        lambda s: ({"i": s.introduction()}, s.bob)),
    "makeIntroduction": Case(
        "mutation($i: ID!) { makeIntroduction(introduction: $i) { recorded { eventId } } }",
        lambda s: ({"i": s.introduction(accepted=True)}, s.bob)),
    "confirmIntroduction": Case(
        """mutation($i: ID!, $p: ID!) { confirmIntroduction(introduction: $i, person: $p) {
           recorded { eventId } } }""",
        lambda s: ({"i": s.made_introduction(), "p": s.carl}, s.carl)),
    "refuseIntroduction": Case(
        """mutation($i: ID!, $p: ID!) { refuseIntroduction(introduction: $i, person: $p) {
           recorded { eventId } } }""",
        lambda s: ({"i": s.made_introduction(), "p": s.carl}, s.carl)),
    "giveReferral": Case(
        """mutation($g: ID!, $r: ID!) { giveReferral(giver: $g, receiver: $r,
           prospectName: "Acme") { recorded { eventId } } }""",
        lambda s: ({"g": s.ada, "r": s.bob}, s.ada)),
    "acceptReferral": Case(
        "mutation($r: ID!) { acceptReferral(referral: $r) { recorded { eventId } } }",
        lambda s: ({"r": s.referral()}, s.bob)),
    "declineReferral": Case(
        "mutation($r: ID!) { declineReferral(referral: $r) { recorded { eventId } } }",
        lambda s: ({"r": s.referral()}, s.bob)),
    "closeReferral": Case(
        """mutation($r: ID!) { closeReferral(referral: $r, value: 900, currency: "EUR") {
           recorded { eventId } } }""",
        lambda s: ({"r": s.referral(accepted=True)}, s.bob)),
    "loseReferral": Case(
        "mutation($r: ID!) { loseReferral(referral: $r) { recorded { eventId } } }",
        lambda s: ({"r": s.referral(accepted=True)}, s.bob)),
    "formGroup": Case(
        """mutation($f: ID!) { formGroup(name: "Guild", founder: $f) {
           recorded { eventId } } }""",
        lambda s: ({"f": s.ada}, s.ada)),
    "joinGroup": Case(
        """mutation($g: ID!, $p: ID!) { joinGroup(group: $g, person: $p) {
           recorded { eventId } } }""",
        lambda s: ({"g": s.group(with_bob=False), "p": s.bob}, s.bob)),
    "leaveGroup": Case(
        """mutation($g: ID!, $p: ID!) { leaveGroup(group: $g, person: $p) {
           recorded { eventId } } }""",
        lambda s: ({"g": s.group(), "p": s.bob}, s.bob)),
    "rotateLeadership": Case(
        """mutation($g: ID!, $l: ID!) { rotateLeadership(group: $g, leader: $l) {
           recorded { eventId } } }""",
        lambda s: ({"g": s.group(), "l": s.bob}, s.ada)),
    "bringClient": Case(
        """mutation($g: ID!, $m: ID!, $c: ID!) { bringClient(group: $g, member: $m,
           client: $c) { recorded { eventId } } }""",
        lambda s: ({"g": s.group(), "m": s.bob, "c": s.carl}, s.bob)),
    "serveClient": Case(
        """mutation($g: ID!, $m: ID!, $c: ID!) { serveClient(group: $g, member: $m,
           client: $c) { recorded { eventId } } }""",
        lambda s: ({"g": s.group(client=True), "m": s.ada, "c": s.carl}, s.ada)),
}

REFUSED = {"NOT_A_PARTICIPANT", "FORBIDDEN", "NOT_A_MEMBER"}
CALLERS = ["anonymous", "analyst", "owner", "stranger", "admin"]


def scene(api: Api) -> Scene:
    ids = [str(api.services.domain.register_person(ADMIN, name=n).aggregate_id)
           for n in ("Ada", "Bob", "Carl", "Zed")]
    return Scene(api, *ids)


def token_for(api: Api, caller: str, owner: str | None, stranger: str) -> str | None:
    return {
        "anonymous": None,
        "analyst": api.token(Role.ANALYST),
        "owner": api.person_token(owner or stranger),
        "stranger": api.person_token(stranger),
        "admin": api.token(Role.ADMIN),
    }[caller]


def test_every_command_has_a_case() -> None:
    from test_schema_file import COMMANDS

    assert set(CASES) == set(COMMANDS)


def _declared(mutation: str) -> Any:
    return next(spec for name, spec in commands().items() if to_camel_case(name) == mutation)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_auth_matrix(api: Api, name: str, caller: str) -> None:
    s = scene(api)
    variables, owner = CASES[name].arrange(s)
    assert (owner is None) == _declared(name).issuer.anyone  # the case is the declaration's
    before = api.services.domain.max_notification_id()
    body = api.post(CASES[name].mutation, variables, token_for(api, caller, owner, s.zed))
    codes = [e["extensions"]["code"] for e in body.get("errors") or []]
    allowed = caller in ("owner", "admin") or (caller == "stranger" and owner is None)
    if allowed:
        assert codes == [], body
        assert body["data"][name]["recorded"]["eventId"]
        assert api.services.domain.max_notification_id() > before
        return
    expected = {"anonymous": {"UNAUTHENTICATED"}, "analyst": {"FORBIDDEN"}}.get(caller, REFUSED)
    assert len(codes) == 1 and codes[0] in expected, body
    assert api.services.domain.max_notification_id() == before  # nothing was written


@pytest.mark.parametrize(("caller", "code"), [
    ("anonymous", "UNAUTHENTICATED"), ("analyst", "FORBIDDEN"), ("owner", "FORBIDDEN"),
    ("admin", None),
])
def test_only_admins_rebuild_the_graph(api: Api, caller: str, code: str | None) -> None:
    s = scene(api)
    body = api.post("mutation { rebuildGraph { events lag } }",
                    token=token_for(api, caller, s.ada, s.zed))
    if code is None:
        assert body["data"]["rebuildGraph"] == {"events": 4, "lag": 0}
        people = api.ok("{ people { items { name } } }", token=api.token())
        assert sorted(p["name"] for p in people["people"]["items"]) == [
            "Ada", "Bob", "Carl", "Zed"]
    else:
        assert [e["extensions"]["code"] for e in body["errors"]] == [code]
