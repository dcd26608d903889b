"""Rebuild on a large graph at the server's default heap (1g) and transaction memory cap:
the wipe deletes relationships in bounded batches before the nodes. Deleting nodes in
batches with their relationships put every relationship of 10,000 nodes in one transaction
and failed with MemoryPoolOutOfMemoryError."""

from __future__ import annotations

import pytest
from neo4j import Driver

from domain.actors import Actor
from domain.app import Goodwill
from projector.canonical import read_graph
from projector.projector import Projector

pytestmark = pytest.mark.neo4j

PEOPLE, MEETINGS_EACH = 10_000, 100  # a million relationships


def transaction_memory_cap(driver: Driver) -> str:
    records = driver.execute_query(
        "SHOW SETTINGS YIELD name, value WHERE name = 'db.memory.transaction.max' "
        "RETURN value").records
    return str(records[0]["value"])


@pytest.mark.slow
def test_rebuild_wipes_a_million_relationships_within_the_transaction_memory_cap(
        app: Goodwill, graph: Driver) -> None:
    assert transaction_memory_cap(graph) not in ("0", "0B"), "the server sets no cap"
    with graph.session() as session:  # built fast: each person's meetings are self-loops
        session.run("""UNWIND range(1, $people) AS i
            CALL (i) { CREATE (p:Person {id: 'bulk-' + i})
                       WITH p UNWIND range(1, $each) AS j CREATE (p)-[:MET {at: j}]->(p) }
            IN TRANSACTIONS OF 200 ROWS""", people=PEOPLE, each=MEETINGS_EACH).consume()
    ada = str(app.register_person(Actor.admin(), name="Ada").aggregate_id)
    assert Projector(app, graph).rebuild() == 1
    rebuilt = read_graph(graph)
    assert rebuilt.node(ada).props["name"] == "Ada"
    assert rebuilt.rels("MET") == []
    people = graph.execute_query("MATCH (p:Person) RETURN count(p) AS n").records[0]["n"]
    assert people == 1
