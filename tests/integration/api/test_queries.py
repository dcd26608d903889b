"""The read side over the demo network: search, ledger, groups, history as of a date,
audit trails, and private notes kept private."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from gqlclient import Api
from neo4j import Driver

from api.auth import Role
from api.demo import demo_person_id, seed_demo
from domain.ids import relationship_id
from graph.reads import SyncGraphReads
from reads.asof import tie_as_of
from scoring.strength import strength

pytestmark = pytest.mark.neo4j

ANA, BEN, FARID, INES, EVA = (str(demo_person_id(h)) for h in
                              ("ana", "ben", "farid", "ines", "eva"))


@pytest.fixture
def demo(api: Api) -> Iterator[Api]:
    seed_demo(api.services.domain)
    api.services.runner.catch_up()
    yield api


def test_people_search(demo: Api) -> None:
    found = demo.ok('{ people(search: "FINANCE") { items { name tags } } }',
                    token=demo.token(Role.ANALYST))["people"]["items"]
    assert [p["name"] for p in found] == ["Ben Okafor", "Grace Liu"]
    by_org = demo.ok('{ people(search: "northwind") { items { name organization } } }',
                     token=demo.person_token(ANA))["people"]["items"]
    assert by_org == [{"name": "Jonas Berg", "organization": "Northwind Logistics"}]


def test_ledger_shows_giving_and_taking(demo: Api) -> None:
    query = """query($p: ID!) { ledger(person: $p, first: 50) { items {
        kind direction value counterpart { name } } } }"""
    farid = demo.ok(query, {"p": FARID}, demo.token())["ledger"]["items"]
    assert {(e["kind"], e["direction"]) for e in farid} == {("HELPED", "RECEIVED")}
    assert sorted(e["counterpart"]["name"] for e in farid) == [
        "Ana Ruiz", "Ben Okafor", "Dev Patel"]
    ines = demo.ok(query, {"p": INES}, demo.token())["ledger"]["items"]
    introduced = [e for e in ines if e["kind"] == "INTRODUCED"]
    assert sorted(e["counterpart"]["name"] for e in introduced) == ["Chloé Martin",
                                                                    "Eva Schmidt"]
    assert all(e["direction"] == "GAVE" for e in introduced)


def test_groups_and_members(demo: Api) -> None:
    groups = demo.ok("""{ groups { items { name members { items { role
        person { name } } } } } }""", token=demo.token())["groups"]["items"]
    assert len(groups) == 1 and groups[0]["name"] == "Northside Referral Circle"
    members = groups[0]["members"]["items"]
    assert members[0] == {"role": "leader", "person": {"name": "Ana Ruiz"}}
    assert {m["person"]["name"] for m in members} >= {"Ben Okafor", "Dev Patel"}


def test_a_groups_clients_with_their_concierge_and_services(demo: Api) -> None:
    groups = demo.ok("""{ groups { items { clients { items { since services
        client { name } concierge { name } } } } } }""", token=demo.token())["groups"]["items"]
    clients = groups[0]["clients"]["items"]
    assert [(c["client"]["name"], c["concierge"]["name"], c["services"]) for c in clients] == [
        ("Jonas Berg", "Ben Okafor", 2)]  # Ben brought Jonas; Dev and Chloé served him
    assert clients[0]["since"] is not None


def test_history_as_of_and_strength_at(demo: Api) -> None:
    query = """query($a: ID!, $b: ID!, $asOf: DateTime, $at: DateTime) {
      relationship(a: $a, b: $b) { kind since lastAt strength(at: $at)
        now: strength history(asOf: $asOf) { items { kind at } } } }"""
    everything = demo.ok(query, {"a": ANA, "b": FARID}, demo.token())["relationship"]
    assert [e["kind"] for e in everything["history"]["items"]] == ["MET", "HELPED"]
    earlier = (datetime.now(tz=UTC) - timedelta(days=195)).isoformat()
    then = demo.ok(query, {"a": FARID, "b": ANA, "asOf": earlier, "at": earlier},
                   demo.token())["relationship"]
    assert [e["kind"] for e in then["history"]["items"]] == ["MET"]
    assert then["strength"] > 0 and everything["now"] > 0


def test_audit_trail_is_for_the_people_it_names(demo: Api) -> None:
    rel = str(relationship_id(ANA, FARID))
    query = """query($id: ID!) { auditTrail(aggregateId: $id) { items {
        event recordedBy attributes } } }"""
    trail = demo.ok(query, {"id": rel}, demo.person_token(FARID))["auditTrail"]["items"]
    assert [e["event"] for e in trail] == ["Connected", "Met", "Helped", "Confirmed"]
    assert "pitch deck" in trail[2]["attributes"]
    assert demo.ok(query, {"id": rel}, demo.token(Role.ANALYST))["auditTrail"]["items"] == trail
    assert demo.error_codes(query, {"id": rel}, demo.person_token(EVA)) == ["FORBIDDEN"]


def test_private_notes_stay_private(demo: Api) -> None:
    demo.ok("""mutation($p: ID!) { setBrokeringPreference(person: $p,
        acceptsIntroductionRequests: false, note: "busy until March") {
        person { acceptsIntroductions } } }""", {"p": BEN}, demo.person_token(BEN))
    query = "query($p: ID!) { person(id: $p) { acceptsIntroductions brokeringNote } }"
    assert demo.ok(query, {"p": BEN}, demo.person_token(BEN))["person"] == {
        "acceptsIntroductions": False, "brokeringNote": "busy until March"}
    assert demo.ok(query, {"p": BEN}, demo.person_token(ANA))["person"] == {
        "acceptsIntroductions": False, "brokeringNote": None}
    assert demo.ok(query, {"p": BEN}, demo.token(Role.ANALYST))["person"][
        "brokeringNote"] == "busy until March"

    meeting = """query($a: ID!, $b: ID!) { relationship(a: $a, b: $b) {
        history { items { kind note } } } }"""
    own = demo.ok(meeting, {"a": ANA, "b": BEN}, demo.person_token(ANA))
    assert own["relationship"]["history"]["items"][0] == {
        "kind": "MET", "note": "Northside breakfast"}
    other = demo.ok(meeting, {"a": ANA, "b": BEN}, demo.person_token(EVA))
    assert other["relationship"]["history"]["items"][0] == {"kind": "MET", "note": None}


def test_mutations_answer_with_the_object(demo: Api) -> None:
    as_farid = demo.person_token(FARID)
    intro = demo.ok("""mutation($t: ID!, $b: ID!) { requestIntroduction(target: $t, broker: $b,
        message: "about funding") { recorded { aggregateId version }
        introduction { status broker { name } message } } }""",
                    {"t": BEN, "b": ANA}, as_farid)["requestIntroduction"]
    assert intro["introduction"] == {"status": "requested", "broker": {"name": "Ana Ruiz"},
                                     "message": "about funding"}
    declined = demo.ok("""mutation($i: ID!) { declineIntroduction(introduction: $i,
        reason: "give first") { introduction { status message } } }""",
                       {"i": intro["recorded"]["aggregateId"]}, demo.person_token(ANA))
    assert declined["declineIntroduction"]["introduction"]["status"] == "declined"
    referral = demo.ok("""mutation($r: ID!) { giveReferral(receiver: $r, prospectName: "Acme",
        note: "warm lead") { referral { status prospectName note giver { name } } } }""",
                       {"r": INES}, demo.person_token(BEN))["giveReferral"]["referral"]
    assert referral == {"status": "given", "prospectName": "Acme", "note": "warm lead",
                        "giver": {"name": "Ben Okafor"}}


def test_strength_at_a_past_instant_counts_only_what_had_happened(
    demo: Api, graph: Driver
) -> None:
    query = """query($a: ID!, $b: ID!, $at: DateTime) {
      relationship(a: $a, b: $b) { then: strength(at: $at) } }"""
    between = datetime.now(tz=UTC) - timedelta(days=195)  # after the meeting, before the help
    then = demo.ok(query, {"a": ANA, "b": FARID, "at": between.isoformat()},
                   demo.token())["relationship"]["then"]
    expected = tie_as_of(SyncGraphReads(graph), ANA, FARID, between)
    assert expected is not None and then == pytest.approx(expected.strength, rel=1e-9)
    # Decaying today's mass back in time would also count the later help; as-of must not.
    today = tie_as_of(SyncGraphReads(graph), ANA, FARID, datetime.now(tz=UTC))
    assert today is not None and then < strength(today.epoch_mass, between)
