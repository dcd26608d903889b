"""The API through a routing URI (`neo4j://`, as a cluster is addressed; Community answers
routing for its single instance): the main reads and a mutation work, every read of the
API runs in a READ transaction (where a cluster sends it to a follower), and analysts'
Cypher goes to its own URI (a read replica) when one is set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from gqlclient import Api, free_port
from neo4j import Driver

import cypher
from api.settings import ApiSettings
from config import Neo4jSettings

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[3]

# Prepended to every statement the API reads with: a write Neo4j refuses in a READ
# transaction (Neo.ClientError.Statement.AccessMode) and carries out in any other.
PROBE = "CALL { CREATE (:ReadProbe) }\n"
MARKER = "queries/rebuild_state"  # the rebuild marker, read before and after every read

# The API's main reads, one field each (a non-null field that fails hides its siblings).
READS = {
    "person": "person(id: $a) { name given received }",
    "people": 'people(search: "Lovelace") { items { name } }',
    "relationship": "relationship(a: $a, b: $b) { connected strength "
                    "history { items { kind } } }",
    "ledger": "ledger(person: $b) { items { kind direction counterpart { name } } }",
    "warmIntroductions": "warmIntroductions(from: $a, to: {person: $c}, maxHops: 2, "
                         "first: 3) { items { warmth people { name } } }",
    "influencers": 'influencers(within: {tag: "maths"}, first: 3) { items { person { name } } }',
}


def query(*fields: str) -> tuple[str, list[str]]:
    """The query of `fields`, and the variables (a, b, c) it takes."""
    body = " ".join(READS[field] for field in fields)
    variables = [name for name in "abc" if f"${name}" in body]
    declared = ", ".join(f"${name}: ID!" for name in variables)
    return (f"query({declared}) {{ {body} }}" if declared else f"{{ {body} }}"), variables


def routing(settings: Neo4jSettings) -> Neo4jSettings:
    """The same server addressed through the routing driver."""
    scheme, rest = settings.uri.split("://", 1)
    assert scheme.startswith("bolt")
    return replace(settings, uri=f"neo4j://{rest}")


@pytest.fixture
def routed_api(graph: Driver, api_settings: ApiSettings,
               api_with: Callable[..., Iterator[Api]]) -> Iterator[Api]:
    neo4j = routing(api_settings.neo4j)
    yield from api_with(neo4j=neo4j, analyst_neo4j=neo4j)


MEETING = """mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b, context: "coffee") {
                recorded { eventId } relationship { connected interactions } } }"""


def seed(api: Api) -> dict[str, str]:
    """Ada met and helped Bob (who thanked her); Bob met Cy: ids by variable name."""
    ada = api.register("Ada Lovelace", tags=["maths"])
    bob, cy = api.register("Bob Kahn"), api.register("Cy Young")
    api.ok(MEETING, {"a": ada, "b": bob}, api.person_token(ada))
    api.ok(MEETING, {"a": bob, "b": cy}, api.person_token(bob))
    helped = api.ok("""mutation($g: ID!, $r: ID!) { recordHelp(giver: $g, receiver: $r,
                kind: "advice", note: "pricing") { recorded { eventId } } }""",
                    {"g": ada, "r": bob}, api.person_token(ada))
    api.ok("""mutation($t: ID!, $e: ID!) { thank(thanked: $t, forEvent: $e) {
                recorded { eventId } } }""",
           {"t": ada, "e": helped["recordHelp"]["recorded"]["eventId"]}, api.person_token(bob))
    return {"a": ada, "b": bob, "c": cy}


def probes(driver: Driver) -> int:
    records, _, _ = driver.execute_query("MATCH (p:ReadProbe) RETURN count(p) AS n")
    return int(records[0]["n"])


def test_reads_and_a_mutation_through_a_routing_uri(routed_api: Api) -> None:
    assert routed_api.services.settings.neo4j.uri.startswith("neo4j://")
    text, _ = query(*READS)
    data = routed_api.ok(text, seed(routed_api), routed_api.token())
    assert data["person"] == {"name": "Ada Lovelace", "given": 1.0, "received": 0.0}
    assert [p["name"] for p in data["people"]["items"]] == ["Ada Lovelace"]
    assert data["relationship"]["connected"] is True
    assert [e["kind"] for e in data["relationship"]["history"]["items"]] == [
        "MET", "HELPED", "THANKED"]
    assert {(e["kind"], e["direction"], e["counterpart"]["name"])
            for e in data["ledger"]["items"]} >= {("HELPED", "RECEIVED", "Ada Lovelace")}
    assert [[p["name"] for p in i["people"]] for i in data["warmIntroductions"]["items"]] == [
        ["Ada Lovelace", "Bob Kahn", "Cy Young"]]
    assert [i["person"]["name"] for i in data["influencers"]["items"]] == ["Ada Lovelace"]
    response = routed_api.client.post(
        "/cypher", json={"query": "MATCH (p:Person) RETURN p.name AS name ORDER BY name"},
        headers={"Authorization": f"Bearer {routed_api.token('analyst')}"})
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == [["Ada Lovelace"], ["Bob Kahn"], ["Cy Young"]]


def test_the_probe_writes_outside_a_read_transaction(graph: Driver) -> None:
    """The control: the same text in a write transaction does create its node."""
    graph.execute_query(PROBE + "RETURN 1 AS one")
    assert probes(graph) == 1


def probing(monkeypatch: pytest.MonkeyPatch, chosen: Callable[[str], bool]) -> list[str]:
    """Prefix PROBE to each statement `chosen` picks; returns the names it was put in."""
    original = cypher.load
    probed: list[str] = []

    def load(name: str) -> str:
        if chosen(name):
            probed.append(name)
            return PROBE + original(name)
        return original(name)

    monkeypatch.setattr(cypher, "load", load)
    return probed


def test_every_read_of_the_api_runs_in_a_read_transaction(
        routed_api: Api, graph: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    people = seed(routed_api)
    probed = probing(monkeypatch, lambda name: name.startswith("queries/")
                     and name != MARKER)
    answered = {}
    for field in READS:
        text, variables = query(field)
        body = routed_api.post(text, {name: people[name] for name in variables},
                               routed_api.token())
        answered[field] = [error["path"][0] for error in body.get("errors") or []]
    monkeypatch.undo()
    assert probes(graph) == 0  # not one read could write: all ran as READ
    assert answered == {field: [field] for field in READS}  # each refused by Neo4j
    assert {name.removeprefix("queries/") for name in probed} >= {
        "people_by_ids", "people_search", "ties_by_pairs", "ledger",
        "warm_paths_targets_person", "scope_tag"}


def test_the_rebuild_marker_is_read_in_a_read_transaction(
        routed_api: Api, graph: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    people = seed(routed_api)
    routed_api.services.marker._state = None  # look at the marker again, not from memory
    probed = probing(monkeypatch, lambda name: name == MARKER)
    text, _ = query(*READS)
    body = routed_api.post(text, people, routed_api.token())
    monkeypatch.undo()
    assert probed and body["errors"]
    assert probes(graph) == 0


def test_analysts_cypher_goes_to_its_own_uri(graph: Driver, api_settings: ApiSettings,
                                             api_with: Callable[..., Iterator[Api]]) -> None:
    nowhere = replace(api_settings.neo4j, uri=f"neo4j://127.0.0.1:{free_port()}")
    for api in api_with(analyst_neo4j=nowhere):
        api.register("Ada Lovelace")  # the API itself reads and writes the main graph
        assert api.ok('{ people(search: "Ada") { items { name } } }', None,
                      api.token())["people"]["items"] == [{"name": "Ada Lovelace"}]
        response = api.client.post(
            "/cypher", json={"query": "MATCH (p:Person) RETURN count(p) AS n"},
            headers={"Authorization": f"Bearer {api.token('analyst')}"})
        assert response.status_code == 503, response.text
        assert response.json()["error"]["code"] == "GRAPH_UNAVAILABLE"



def cli_cypher(settings: Neo4jSettings, statement: str, **variables: str
               ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEO4J_USER": settings.user, "NEO4J_PASSWORD": settings.password,
           "COLUMNS": "200", **variables}
    return subprocess.run([sys.executable, "-m", "api.cli", "cypher", "--json", statement],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_cypher_command_runs_on_the_analyst_uri(graph: Driver,
                                                    neo4j_settings: Neo4jSettings) -> None:
    replica = routing(neo4j_settings).uri
    nowhere = f"bolt://127.0.0.1:{free_port()}"
    answered = cli_cypher(neo4j_settings, "RETURN 41 + 1 AS n", NEO4J_URI=nowhere,
                          NEO4J_ANALYST_URI=replica)
    assert answered.returncode == 0, answered.stdout + answered.stderr
    assert json.loads(answered.stdout)["rows"] == [[42]]
    refused = cli_cypher(neo4j_settings, "RETURN 1", NEO4J_URI=replica,
                         NEO4J_ANALYST_URI=nowhere)
    assert refused.returncode != 0
