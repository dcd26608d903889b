"""The local Neo4j is a real server speaking Bolt, with the schema and APOC in place."""

import pytest
from neo4j import Driver

pytestmark = pytest.mark.neo4j


def test_server_is_neo4j_5_community(neo4j_driver: Driver) -> None:
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS v, edition"
    )
    assert records[0]["v"].startswith("5.26")
    assert records[0]["edition"] == "community"


def test_schema_applies_twice_and_enforces_unique_people(graph: Driver) -> None:
    from graph.connection import apply_schema

    apply_schema(graph)  # second application is harmless
    graph.execute_query("CREATE (:Person {id: 'a'})")
    try:
        graph.execute_query("CREATE (:Person {id: 'a'})")
    except Exception as error:  # the constraint refuses the duplicate
        assert "already exists" in str(error)
    else:
        raise AssertionError("duplicate person id was accepted")
