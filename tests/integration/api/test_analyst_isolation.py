"""Analysts cannot stall or mislead the service: administration and procedure-level commands
are refused by what Neo4j itself parses (EXPLAIN), whatever the spelling; responses are
capped in bytes; a statement answers by its timeout; and with analysts saturating their own
pool, mutations and GraphQL reads stay within twice their idle latency."""

from __future__ import annotations

import statistics
import threading
import time
from typing import Any

import pytest
from gqlclient import Api
from neo4j import Driver

from api import analyst
from api.auth import Role
from api.settings import Limits

pytestmark = pytest.mark.neo4j

# Each runs for seconds of CPU on the server and is not stopped at once by its timeout: a
# single expression, which Neo4j checks for termination only now and then.
SLOW = ('RETURN size(reduce(s = "", x IN range(1, 60000) | s + "xxxxxxxxxxxxxxxxxxxx")) '
        "AS n")
# Neo4j checks a statement's timeout only between rows, so one long expression runs to its
# end: about 3 s for SLOW here, which is the API's deadline (timeout 1 s + grace 2 s) and
# would race it; the work grows with the square of the range, so this one takes about 8 s.
LATE = SLOW.replace("60000", "100000")


def cypher(api: Api, statement: str, **parameters: Any) -> Any:
    return api.client.post("/cypher", json={"query": statement, "parameters": parameters},
                           headers={"Authorization": f"Bearer {api.token(Role.ANALYST)}"})


@pytest.mark.parametrize(("statement", "code"), [
    ('TERMINATE/**/TRANSACTIONS "neo4j-transaction-1"', "ADMIN_NOT_ALLOWED"),
    ("terminate\n\t transactions 'neo4j-transaction-1'", "ADMIN_NOT_ALLOWED"),
    ("// end them all\nTeRmInAtE TRANSACTION 'neo4j-transaction-1'", "ADMIN_NOT_ALLOWED"),
    ("SHOW USERS", "ADMIN_NOT_ALLOWED"),
    ("show /* who */ users", "ADMIN_NOT_ALLOWED"),
    ("SHOW TRANSACTIONS", "ADMIN_NOT_ALLOWED"),
    ("SHOW SETTINGS YIELD name, value", "ADMIN_NOT_ALLOWED"),
    ("CREATE INDEX intruder FOR (n:Person) ON (n.headline)", "ADMIN_NOT_ALLOWED"),
    ("CALL db.clearQueryCaches()", "PROCEDURE_NOT_ALLOWED"),
    ("call   db.clearQueryCaches ( ) YIELD value RETURN value", "PROCEDURE_NOT_ALLOWED"),
    ("CALL dbms.listConfig", "PROCEDURE_NOT_ALLOWED"),
    ("CALL dbms.listConfig() YIELD name RETURN name", "PROCEDURE_NOT_ALLOWED"),
    ("/* x */ CALL `dbms`.`listConfig`('') YIELD value RETURN value", "PROCEDURE_NOT_ALLOWED"),
    ("CALL apoc.cypher.run('CALL db.clearQueryCaches()', {}) YIELD value RETURN value",
     "PROCEDURE_NOT_ALLOWED"),
    ("RETURN apoc.cypher.runFirstColumnSingle('CALL db.clearQueryCaches()', {})",
     "PROCEDURE_NOT_ALLOWED"),
])
def test_admin_and_procedure_commands_are_refused_as_neo4j_parses_them(
        graph: Driver, statement: str, code: str) -> None:
    with pytest.raises(analyst.CypherError) as refused:
        analyst.run_read(graph, statement, timeout_s=5, max_rows=10)
    assert refused.value.code == code
    assert refused.value.message


def test_read_only_procedures_and_plain_reads_still_run(graph: Driver) -> None:
    graph.execute_query("CREATE (:Person {id: 'p1', name: 'Ada'})")
    labels = analyst.run_read(graph, "CALL db.labels() YIELD label RETURN label",
                              timeout_s=5, max_rows=10)
    assert ["Person"] in labels.rows
    counted = analyst.run_read(graph, "// people\nMATCH (p:Person) RETURN count(p)",
                               timeout_s=5, max_rows=10)
    assert counted.rows == [[1]]


def test_refusal_refuses_by_plan_not_by_text() -> None:
    """The decision reads Neo4j's plan: the same words in a string literal are harmless."""
    plan = {"operatorType": "ProduceResults@neo4j", "args": {"Details": "x"},
            "children": [{"operatorType": "Projection@neo4j",
                          "args": {"Details": '"TERMINATE TRANSACTIONS" AS x'}}]}
    assert analyst.refusal("r", plan) is None
    terminate = {"operatorType": "TerminateTransactions@neo4j", "args": {}}
    refused = analyst.refusal("r", terminate)
    assert refused is not None and refused.code == "ADMIN_NOT_ALLOWED"
    assert analyst.refusal("w", None) is not None


def test_responses_are_capped_in_bytes(graph: Driver, api_with: Any) -> None:
    for api in api_with(limits=Limits(cypher_max_bytes=20_000)):
        big = cypher(api, "UNWIND range(1, 1000) AS x RETURN x, $pad AS pad", pad="x" * 200)
        assert big.status_code == 413
        assert big.json()["error"]["code"] == "CYPHER_RESPONSE_TOO_LARGE"
        assert "20000 bytes" in big.json()["error"]["message"]
        small = cypher(api, "UNWIND range(1, 50) AS x RETURN x, $pad AS pad", pad="x" * 200)
        assert small.status_code == 200 and len(small.json()["rows"]) == 50


def test_a_statement_answers_by_its_timeout_even_when_neo4j_stops_it_late(
        graph: Driver, api_with: Any) -> None:
    for api in api_with(limits=Limits(cypher_timeout_s=1.0)):
        asked = time.monotonic()
        response = cypher(api, LATE)
        took = time.monotonic() - asked
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "CYPHER_TIMEOUT"
        assert took < 1.0 + 2.0 + 2.0  # timeout, grace, slack for a busy machine


def slow_call(api: Api, answers: list[int]) -> None:
    answers.append(cypher(api, SLOW).status_code)


def test_mutations_and_reads_complete_while_analysts_saturate_their_pool(
        graph: Driver, api_with: Any) -> None:
    """Eight slow statements at once: two run, the others wait for a slot and are told
    CYPHER_BUSY. The event loop's threads stay free for mutations (which used to wait behind
    the six analyst statements that filled them)."""
    limits = Limits(cypher_timeout_s=30.0, cypher_concurrency=2, cypher_queue_s=2.0)
    for api in api_with(limits=limits):
        ada, bob = api.register("Ada"), api.register("Bob")
        answers: list[int] = []
        analysts = [threading.Thread(target=slow_call, args=(api, answers))
                    for _ in range(8)]
        for thread in analysts:
            thread.start()
        time.sleep(0.5)  # let them take the slots
        for _ in range(3):
            asked = time.monotonic()
            api.ok("""mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b) {
                recorded { eventId } relationship { interactions } } }""",
                   {"a": ada, "b": bob}, api.token())
            api.ok('{ people { items { name } } }', token=api.token())
            assert time.monotonic() - asked < 10.0
        for thread in analysts:
            thread.join(120)
        assert answers.count(429) >= 4  # no more than the pool's slots ever ran at once
        assert set(answers) <= {200, 400, 429}


MEET = """mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b) {
    recorded { eventId } relationship { interactions } } }"""


def round_trips(api: Api, ada: str, bob: str, count: int) -> list[float]:
    """Seconds of a mutation and a GraphQL read, `count` times."""
    taken = []
    for _ in range(count):
        asked = time.perf_counter()
        api.ok(MEET, {"a": ada, "b": bob}, api.token())
        api.ok(f'{{ person(id: "{ada}") {{ name }} people {{ items {{ name }} }} }}',
               token=api.token())
        taken.append(time.perf_counter() - asked)
    return taken


def keep_asking(api: Api, stop: threading.Event, answers: list[int]) -> None:
    while not stop.is_set():
        answers.append(cypher(api, SLOW).status_code)


def test_latency_with_analysts_saturating_stays_within_twice_idle(
        graph: Driver, api_with: Any) -> None:
    """Idle and saturated phases interleave in the same run, so the machine's other load
    weighs on both; medians, not tails, and 100 ms of slack for the scheduler, so a busy
    machine does not make the test flake (bench/analyst_isolation.py measures p95)."""
    limits = Limits(cypher_timeout_s=5.0, cypher_concurrency=1, cypher_queue_s=1.0)
    for api in api_with(limits=limits):
        ada, bob = api.register("Ada"), api.register("Bob")
        round_trips(api, ada, bob, 3)  # warm up
        idle: list[float] = []
        busy: list[float] = []
        answers: list[int] = []
        for _ in range(2):
            idle += round_trips(api, ada, bob, 8)
            stop = threading.Event()
            analysts = [threading.Thread(target=keep_asking, args=(api, stop, answers))
                        for _ in range(4)]
            for thread in analysts:
                thread.start()
            time.sleep(1.0)  # the slot taken, the others queued
            busy += round_trips(api, ada, bob, 8)
            stop.set()
            for thread in analysts:
                thread.join(60)
            time.sleep(1.0)  # Neo4j ends the last statement
        assert answers and set(answers) <= {200, 400, 429}
        assert 429 in answers  # the pool was saturated
        idle_s, busy_s = statistics.median(idle), statistics.median(busy)
        assert busy_s <= 2 * idle_s + 0.1, (idle_s, busy_s)
