"""Analysts' Cypher: the /cypher endpoint, `goodwill cypher`, and the ready-made queries of
`cypher/analyst/` run against the demo network projected into the real Neo4j."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gqlclient import Api
from neo4j import Driver

import cypher
from api import analyst
from api.auth import Role
from api.demo import seed_demo
from api.settings import Limits
from config import Neo4jSettings
from domain.app import Goodwill
from projector.projector import Projector

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[3]


def rows_of(result: analyst.CypherResult) -> list[dict[str, Any]]:
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


@pytest.fixture(scope="module")
def demo_graph(neo4j_driver: Driver, tmp_path_factory: pytest.TempPathFactory) -> Driver:
    """The demo network, recorded once and projected, for the read-only queries below."""
    with neo4j_driver.session() as session:
        session.run(cypher.load("admin/wipe_graph")).consume()
    store = tmp_path_factory.mktemp("demo") / "events.sqlite"
    app = Goodwill.from_url(f"sqlite:///{store}")
    seed_demo(app)
    Projector(app, neo4j_driver).catch_up()
    return neo4j_driver


def run(driver: Driver, name: str, **parameters: Any) -> list[dict[str, Any]]:
    text = analyst.named(name)
    result = analyst.run_read(driver, text, {**analyst.default_parameters(text), **parameters},
                              timeout_s=10, max_rows=1000)
    return rows_of(result)


def test_there_are_at_least_eight_ready_made_queries() -> None:
    names = cypher.names("analyst")
    assert len(names) >= 8
    assert {"top_givers", "takers", "fading_strong_ties", "brokers_between_groups",
            "referral_value_by_member", "introduction_acceptance_rate"} <= set(names)
    assert all(analyst.describe(name) for name in names)


def test_top_givers_of_the_quarter(demo_graph: Driver) -> None:
    rows = run(demo_graph, "top_givers")
    assert {row["name"] for row in rows} == {"Chloé Martin", "Hugo Silva", "Ines Costa",
                                            "Dev Patel"}
    assert all(row["gifts"] == 1 for row in rows)
    year = {row["name"]: row["gifts"] for row in run(demo_graph, "top_givers", days=365)}
    assert year["Ana Ruiz"] == 3  # Hugo, Ines and Farid over the year


def test_takers(demo_graph: Driver) -> None:
    rows = run(demo_graph, "takers")
    assert rows[0]["name"] == "Farid Haddad"
    assert (rows[0]["received"], rows[0]["givers"], rows[0]["given"]) == (3, 3, 0)
    assert "Ana Ruiz" not in {row["name"] for row in rows}


def test_fading_strong_ties(demo_graph: Driver) -> None:
    rows = run(demo_graph, "fading_strong_ties")
    pairs = {frozenset((row["a"], row["b"])) for row in rows}
    assert frozenset(("Ana Ruiz", "Ben Okafor")) in pairs
    assert all(row["strength_now"] < row["strength_then"] for row in rows)
    assert all(row["interactions"] >= 2 for row in rows)


def test_brokers_between_groups(demo_graph: Driver) -> None:
    rows = {row["name"]: row for row in run(demo_graph, "brokers_between_groups")}
    assert rows["Farid Haddad"]["bridged_groups"] == ["Northside Referral Circle"]
    assert rows["Farid Haddad"]["contacts"] == 3
    assert "Ana Ruiz" not in rows  # her contacts' only group is her own


def test_referral_value_by_member(demo_graph: Driver) -> None:
    rows = run(demo_graph, "referral_value_by_member")
    assert [(r["name"], r["given"], r["closed"], r["value"], r["currency"]) for r in rows] == [
        ("Dev Patel", 1, 1, 12000.0, "EUR")
    ]


def test_introduction_acceptance_rate(demo_graph: Driver) -> None:
    rows = run(demo_graph, "introduction_acceptance_rate")
    assert [(r["name"], r["requested"], r["made"], r["acceptance_rate"]) for r in rows] == [
        ("Ines Costa", 1, 1, 1.0)
    ]


def test_one_sided_ties_and_unthanked_help(demo_graph: Driver) -> None:
    one_sided = {(r["giver"], r["taker"]) for r in run(demo_graph, "one_sided_ties")}
    assert {("Ana Ruiz", "Farid Haddad"), ("Ben Okafor", "Farid Haddad"),
            ("Dev Patel", "Farid Haddad")} <= one_sided
    assert ("Ana Ruiz", "Hugo Silva") not in one_sided  # Hugo helped back
    owed = [(r["owes_thanks"], r["to"]) for r in run(demo_graph, "unthanked_help")]
    assert sorted(owed) == [("Farid Haddad", "Ana Ruiz"), ("Farid Haddad", "Ben Okafor"),
                            ("Farid Haddad", "Dev Patel")]


def test_concierges_and_most_connected(demo_graph: Driver) -> None:
    concierges = run(demo_graph, "group_concierges")
    assert [(r["group"], r["client"], r["concierge"]) for r in concierges] == [
        ("Northside Referral Circle", "Jonas Berg", "Ben Okafor")
    ]
    top = run(demo_graph, "most_connected", limit=3)
    assert len(top) == 3
    assert top[0]["name"] == "Ben Okafor" and top[0]["ties"] == 5


def test_writes_are_refused_by_neo4j(demo_graph: Driver) -> None:
    with pytest.raises(analyst.CypherError) as refused:
        analyst.run_read(demo_graph, "CREATE (x:Intruder) RETURN x", timeout_s=5, max_rows=10)
    assert refused.value.code == "WRITE_NOT_ALLOWED"
    assert run_count(demo_graph, "MATCH (x:Intruder) RETURN count(x)") == 0


def run_count(driver: Driver, statement: str) -> int:
    return analyst.run_read(driver, statement, timeout_s=5, max_rows=1).rows[0][0]


# -- the command line ---------------------------------------------------------------------

def goodwill(neo4j_settings: Neo4jSettings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_USER": neo4j_settings.user,
           "NEO4J_PASSWORD": neo4j_settings.password, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_runs_ready_made_queries_by_name(demo_graph: Driver,
                                             neo4j_settings: Neo4jSettings) -> None:
    listed = goodwill(neo4j_settings, "cypher", "--list")
    assert listed.returncode == 0, listed.stderr
    for name in cypher.names("analyst"):
        assert name in listed.stdout
    takers = goodwill(neo4j_settings, "cypher", "--name", "takers", "--json")
    assert takers.returncode == 0, takers.stderr
    body = json.loads(takers.stdout)
    assert body["rows"][0][body["columns"].index("name")] == "Farid Haddad"
    given = goodwill(neo4j_settings, "cypher", "--json", "--param", "n=2",
                     "UNWIND range(1, $n) AS x RETURN x")
    assert json.loads(given.stdout)["rows"] == [[1], [2]]


def test_cli_refuses_writes_clearly(demo_graph: Driver, neo4j_settings: Neo4jSettings) -> None:
    result = goodwill(neo4j_settings, "cypher", "CREATE (x:Intruder)")
    assert result.returncode == 1
    assert "WRITE_NOT_ALLOWED" in result.stdout
    assert run_count(demo_graph, "MATCH (x:Intruder) RETURN count(x)") == 0


# -- the HTTP endpoint -----------------------------------------------------------------------

@pytest.fixture
def seeded_api(api: Api) -> Iterator[Api]:
    seed_demo(api.services.domain)
    api.services.runner.catch_up()
    yield api


def cypher_post(api: Api, body: dict[str, Any], token: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return api.client.post("/cypher", json=body, headers=headers)


def test_endpoint_runs_statements_for_analysts(seeded_api: Api) -> None:
    analyst_token = seeded_api.token(Role.ANALYST)
    response = cypher_post(seeded_api, {"query": "MATCH (p:Person) WHERE p.name STARTS WITH "
                                        "$prefix RETURN p.name AS name ORDER BY name",
                                        "parameters": {"prefix": "A"}}, analyst_token)
    assert response.status_code == 200, response.text
    assert response.json() == {"columns": ["name"], "rows": [["Ana Ruiz"]], "truncated": False}
    named = cypher_post(seeded_api, {"name": "takers"}, analyst_token).json()
    assert named["rows"][0][named["columns"].index("name")] == "Farid Haddad"


def test_endpoint_is_for_analysts_and_admins_only(seeded_api: Api) -> None:
    body = {"query": "RETURN 1"}
    assert cypher_post(seeded_api, body, None).status_code == 401
    person = seeded_api.person_token("8ae927cd-22fd-59a9-b1b7-6ce389c43046")
    refused = cypher_post(seeded_api, body, person)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "FORBIDDEN"
    assert cypher_post(seeded_api, body, seeded_api.token(Role.ADMIN)).json()["rows"] == [[1]]


@pytest.mark.parametrize(("statement", "code"), [
    ("CREATE (x:Intruder) RETURN x", "WRITE_NOT_ALLOWED"),
    ("MATCH (p:Person) SET p.name = 'x'", "WRITE_NOT_ALLOWED"),
    ("MATCH (p:Person) DETACH DELETE p", "WRITE_NOT_ALLOWED"),
    ("MATC (p) RETURN p", "CYPHER_SYNTAX"),
    ("RETURN $missing", "CYPHER_PARAMETER"),
    ("", "CYPHER_SYNTAX"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "EXTERNAL_ACCESS_NOT_ALLOWED"),
    ("LOAD CSV FROM 'http://127.0.0.1:8000/' AS row RETURN row",
     "EXTERNAL_ACCESS_NOT_ALLOWED"),
    ("CALL apoc.load.json('http://127.0.0.1:8000/') YIELD value RETURN value",
     "PROCEDURE_NOT_ALLOWED"),
    ("terminate transactions 'neo4j-transaction-1'", "ADMIN_NOT_ALLOWED"),
])
def test_endpoint_explains_refusals(seeded_api: Api, statement: str, code: str) -> None:
    response = cypher_post(seeded_api, {"query": statement}, seeded_api.token(Role.ANALYST))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    people = cypher_post(seeded_api, {"query": "MATCH (p:Person) RETURN count(p)"},
                         seeded_api.token(Role.ANALYST)).json()["rows"]
    assert people == [[10]]  # nothing was written or deleted


def test_endpoint_caps_rows(seeded_api: Api) -> None:
    response = cypher_post(seeded_api, {"query": "UNWIND range(1, 5000) AS x RETURN x"},
                           seeded_api.token(Role.ANALYST)).json()
    assert response["truncated"] is True
    assert len(response["rows"]) == Limits().cypher_max_rows
    assert response["rows"][-1] == [Limits().cypher_max_rows]


def test_endpoint_stops_long_statements(graph: Driver, api_with: Any) -> None:
    for api in api_with(limits=Limits(cypher_timeout_s=0.5)):
        slow = ("UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7919 = 7918 "
                "RETURN count(x)")
        response = cypher_post(api, {"query": slow}, api.token(Role.ANALYST))
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "CYPHER_TIMEOUT"
