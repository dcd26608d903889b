"""A tag's people are found through the full-text index `person_tags`, and exactly: for any
tags the domain accepts (Lucene's operators, quotes, backslashes, spaces, other scripts,
the same word in another case) the indexed statements answer what reading every person
would."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scoring_network import Network

import cypher
from domain.base import tag_list
from domain.errors import InvalidInput
from graph.reads import GraphReads

pytestmark = pytest.mark.neo4j

TAG_STATEMENTS = ("queries/scope_tag", "queries/warm_paths_targets_tag")
LUCENE = [*'+-&|!(){}[]^"~*?:\\/ ', "AND", "OR", "NOT", "&&", "||"]
WORDS = ["fintech", "FinTech", "law", "東京", "né", "c++", "a b", 'say "hi"', "x\\y"]


def accepted(value: str) -> bool:
    try:
        tag_list([value])
    except InvalidInput:
        return False
    return True


tags = st.one_of(
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(LUCENE + WORDS), min_size=1, max_size=4).map("".join),
    st.text(min_size=1, max_size=12),
).filter(accepted).map(lambda tag: tag_list([tag])[0])


async def scope(reads: GraphReads, statement: str, value: str) -> set[str]:
    return {r["id"] for r in await reads.rows(statement, value=value, source="p00")}


def operators(step: dict[str, Any]) -> list[str]:
    """The operators of a plan, its children's too."""
    return [step["operatorType"].split("@")[0],
            *(name for child in step.get("children", []) for name in operators(child))]


def scope_by_reading_everyone(net: Network, value: str) -> set[str]:
    return {p for p, row in net.people.items() if value in row["tags"] and not row["forgotten"]}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(st.lists(tags, max_size=3), min_size=1, max_size=12),
       forgotten=st.sets(st.integers(1, 11)), data=st.data())
def test_the_indexed_tag_statements_answer_as_reading_every_person(
        run: Any, people: list[list[str]], forgotten: set[int], data: st.DataObject) -> None:
    net = Network()
    for i, person_tags in enumerate(people):
        net.person(f"p{i:02d}", forgotten=i in forgotten, tags=tuple(tag_list(person_tags)))
    run.load(net)
    used = sorted({tag for row in net.people.values() for tag in row["tags"]})
    value = data.draw(st.one_of(st.sampled_from(used), tags) if used else tags)
    for asked in {value, value.upper(), value.lower(), f"{value} ", f'"{value}"'}:
        expected = scope_by_reading_everyone(net, asked)
        assert run(scope, "scope_tag", asked) == expected
        assert run(scope, "warm_paths_targets_tag", asked) == expected - {"p00"}


def test_a_tag_is_looked_up_in_the_index_not_by_reading_every_person(neo4j_driver: Any) -> None:
    for statement in TAG_STATEMENTS:
        plan = neo4j_driver.execute_query(f"EXPLAIN {cypher.load(statement)}",
                                          value="fintech", source="p00").summary.plan
        used = operators(plan)
        assert "ProcedureCall" in used, (statement, used)
        assert not {"NodeByLabelScan", "AllNodesScan"} & set(used), (statement, used)
