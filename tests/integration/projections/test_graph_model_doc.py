"""The graph model table of docs/architecture.md is the graph: after projecting a log with
every kind of event and running the influence job, the labels, relationship types (with
their directions) and property keys in Neo4j are exactly the documented ones."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

import pytest
from neo4j import Driver

import cypher
from bench.projection_workload import Workload
from domain.actors import Actor
from domain.app import Goodwill
from jobs.influence import run_job
from projector.batch import PROJECTED, event_name_of_topic

pytestmark = pytest.mark.neo4j

DOC = Path(__file__).resolve().parents[3] / "docs" / "architecture.md"
HEADING = "## Graph model (Neo4j)"
ADMIN = Actor.admin()
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class _CatchesUp(Protocol):
    def catch_up(self, batch_size: int | None = None) -> int: ...


def at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


def record_every_kind(app: Goodwill) -> None:
    """A small network in which every event kind happens, and every optional property the
    projection writes gets a value (a help's value, a referral's prospect, reasons, …)."""
    ada, bob, cy, dee, eve = (
        str(app.register_person(ADMIN, name=name, headline=f"{name} works", tags=["sales"],
                                organization=org, at=at(0)).aggregate_id)
        for name, org in (("Ada", "Acme"), ("Bob", "Acme"), ("Cy", "Globex"), ("Dee", None),
                          ("Eve", None))
    )
    app.update_profile(ADMIN, person=eve, headline="Eve consults", organization="Initech",
                       at=at(1))
    app.set_brokering_preference(ADMIN, person=dee, accepts_introduction_requests=False,
                                 note="ask about tax", at=at(1))

    # A tie with every deposit kind: imported connection, confirmed meeting, thanked help,
    # a classification.
    app.connect(ADMIN, a=ada, b=bob, source="imported", at=at(2))
    met = app.record_meeting(Actor.person(ada), a=ada, b=bob, context="coffee", at=at(3))
    app.confirm_event(Actor.person(bob), a=ada, b=bob, event=met.event_id, at=at(4))
    helped = app.record_help(Actor.person(ada), giver=ada, receiver=bob, kind="advice",
                             value=250.0, at=at(5))
    app.thank(Actor.person(bob), thanked=ada, for_event=helped.event_id, at=at(6))
    app.classify(Actor.person(ada), a=ada, b=bob, kind="strategic", at=at(7))

    # Introductions: requested → accepted → made, declined by the target; requested →
    # declined; made directly, confirmed by both introduced.
    made = app.request_introduction(Actor.person(ada), target=cy, broker=bob, message="hi",
                                    path=[ada, bob, cy], at=at(8)).aggregate_id
    app.accept_introduction(Actor.person(bob), introduction=made, at=at(9))
    app.make_introduction(Actor.person(bob), introduction=made, context="lunch", at=at(10))
    app.refuse_introduction(Actor.person(cy), introduction=made, reason="not now", at=at(10))
    declined = app.request_introduction(Actor.person(cy), target=eve, broker=bob,
                                        message="please", path=[cy, bob, eve],
                                        at=at(11)).aggregate_id
    app.decline_introduction(Actor.person(bob), introduction=declined, reason="busy",
                             at=at(12))
    app.record_meeting(ADMIN, a=eve, b=ada, at=at(12))
    app.record_meeting(ADMIN, a=eve, b=dee, at=at(12))
    direct = app.make_introduction(Actor.person(eve), a=ada, b=dee, context="conference",
                                   at=at(13)).aggregate_id
    app.confirm_introduction(Actor.person(ada), introduction=direct, at=at(13))
    app.confirm_introduction(Actor.person(dee), introduction=direct, at=at(13))

    # Referrals: closed (with a prospect who is a person here), declined, lost.
    closed = app.give_referral(Actor.person(ada), receiver=dee, prospect=eve,
                               at=at(14)).aggregate_id
    app.accept_referral(Actor.person(dee), referral=closed, at=at(15))
    app.close_referral(Actor.person(dee), referral=closed, value=1200.0, currency="EUR",
                       at=at(16))
    refused = app.give_referral(Actor.person(bob), receiver=cy, prospect_name="Umbrella",
                                at=at(17)).aggregate_id
    app.decline_referral(Actor.person(cy), referral=refused, reason="no fit", at=at(18))
    lost = app.give_referral(Actor.person(cy), receiver=ada, prospect_name="Globex",
                             at=at(19)).aggregate_id
    app.accept_referral(Actor.person(ada), referral=lost, at=at(20))
    app.lose_referral(Actor.person(ada), referral=lost, reason="went elsewhere", at=at(21))

    # A group: joins, a leave, a leadership change, a client brought and served.
    group = app.form_group(ADMIN, name="Breakfast club", purpose="referrals", founder=ada,
                           at=at(22)).aggregate_id
    app.join_group(ADMIN, group=group, person=bob, at=at(23))
    app.join_group(ADMIN, group=group, person=cy, at=at(23))
    app.leave_group(ADMIN, group=group, person=cy, at=at(24))
    app.rotate_leadership(ADMIN, group=group, leader=bob, at=at(25))
    app.bring_client(ADMIN, group=group, member=bob, client=dee, needs="tax", at=at(26))
    app.serve_client(ADMIN, group=group, member=ada, client=dee, note="done", at=at(27))

    # Two records of one person merged: an imported record of Eve, who met Bob.
    imported = app.register_person(ADMIN, name="E. (imported)", at=at(27)).aggregate_id
    app.record_meeting(ADMIN, a=imported, b=bob, at=at(27))
    app.merge_people(ADMIN, survivor=eve, duplicate=imported, at=at(27))

    app.forget_person(ADMIN, person=cy, at=at(28))


# -- the documented model -------------------------------------------------------------------

NODE = re.compile(r"^`\(:(\w+)\)`$")
RELATIONSHIP = re.compile(r"^`\(:(\w+)\)-\[:(\w+)\]->\(:(\w+)\)`$")
# A property key opens its item: the cell's start, or right after a comma.
PROPERTY = re.compile(r"(?:^|,)\s*`(\w+)`")


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    assert HEADING in text, f"{DOC} has no '{HEADING}' section"
    after = text.split(HEADING, 1)[1]
    return re.split(r"^## ", after, maxsplit=1, flags=re.MULTILINE)[0]


def _tables(section: str) -> dict[str, list[list[str]]]:
    """The section's Markdown tables by the text of their first header cell, as rows of
    cells (header and separator rows left out)."""
    tables: dict[str, list[list[str]]] = {}
    lines = [line.strip() for line in section.splitlines()]
    i = 0
    while i < len(lines):
        if not lines[i].startswith("|"):
            i += 1
            continue
        block = []
        while i < len(lines) and lines[i].startswith("|"):
            block.append([cell.strip() for cell in lines[i].strip("|").split("|")])
            i += 1
        tables[block[0][0]] = block[2:]
    return tables


def _element(cell: str) -> str:
    """`(:Label)` or `(:From)-[:TYPE]->(:To)` without backticks; fails on anything else."""
    node, rel = NODE.match(cell), RELATIONSHIP.match(cell)
    assert node or rel, f"not a node or relationship pattern: {cell!r}"
    return cell.strip("`")


def _keys(cell: str) -> set[str]:
    keys = PROPERTY.findall(cell)
    assert len(keys) == len(set(keys)), f"a property listed twice: {cell!r}"
    return set(keys)


def documented_model() -> dict[str, set[str]]:
    """Element → documented property keys, from the first table of the section."""
    rows = _tables(_section()).get("element")
    assert rows, f"no '| element | what it is | properties |' table under '{HEADING}'"
    model: dict[str, set[str]] = {}
    for row in rows:
        assert len(row) == 3, f"a row of the graph model table has {len(row)} cells: {row}"
        element = _element(row[0])
        assert element not in model, f"{element} documented twice"
        assert row[1], f"{element} has no description"
        model[element] = _keys(row[2])
    return model


# -- the projected graph --------------------------------------------------------------------

def graph_model(driver: Driver) -> dict[str, set[str]]:
    """Element → property keys found on it, in the same notation as the table."""
    nodes, _, _ = driver.execute_query(cypher.load("docs/graph_model_nodes"))
    rels, _, _ = driver.execute_query(cypher.load("docs/graph_model_relationships"))
    model = {f"(:{r['label']})": set(r["keys"]) for r in nodes}
    model.update({f"(:{r['source']})-[:{r['type']}]->(:{r['target']})": set(r["keys"])
                  for r in rels})
    return model


@pytest.fixture
def projected(app: Goodwill, projector: _CatchesUp, graph: Driver) -> dict[str, set[str]]:
    record_every_kind(app)
    # Some seeded volume on top, so paths the script does not take are covered as well.
    Workload(app).random(150, seed=5)
    assert projector.catch_up() == app.max_notification_id()
    run_job(graph)
    return graph_model(graph)


def test_the_workload_records_every_projected_event_kind(app: Goodwill) -> None:
    record_every_kind(app)
    notifications = app.recorder.select_notifications(start=1, limit=10_000)
    recorded = {event_name_of_topic(n.topic) for n in notifications}
    assert PROJECTED - recorded == set()


def test_every_element_in_the_graph_is_documented_and_every_documented_one_exists(
    projected: dict[str, set[str]],
) -> None:
    documented = set(documented_model())
    undocumented, missing = sorted(set(projected) - documented), sorted(documented - set(projected))
    # the lists in the messages too: pytest shortens the patterns in its own diff
    assert undocumented == [], f"in the graph, not in the docs: {undocumented}"
    assert missing == [], f"in the docs, not in the graph: {missing}"


def test_property_keys_match_the_docs_per_element(projected: dict[str, set[str]]) -> None:
    documented = documented_model()
    # every element's differences at once: (in the graph only, in the docs only)
    differences = {
        element: (sorted(projected[element] - documented[element]),
                  sorted(documented[element] - projected[element]))
        for element in sorted(set(projected) & set(documented))
        if projected[element] != documented[element]
    }
    assert differences == {}, f"(graph only, docs only) keys per element: {differences}"


def test_the_index_table_lists_every_constraint_and_index_of_the_schema() -> None:
    rows = _tables(_section()).get("index or constraint")
    assert rows, f"no '| index or constraint | on |' table under '{HEADING}'"
    listed = [row[0].strip("`") for row in rows]
    statements = cypher.statements("schema")
    declared = re.findall(r"^CREATE (?:CONSTRAINT|INDEX|FULLTEXT INDEX) (\w+)",
                          "\n".join(statements), flags=re.MULTILINE)
    assert len(declared) == len(statements)  # every statement is named
    assert sorted(listed) == sorted(declared)
