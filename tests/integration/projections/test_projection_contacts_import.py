"""A LinkedIn import in the real graph: the importer's imported ties, the people with their
organization and headline, and no identifier projected."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver

from domain.actors import Actor
from domain.app import Goodwill
from domain.contacts import linkedin
from domain.contacts.apply import apply
from domain.contacts.plan import plan
from projector.canonical import read_graph
from projector.projector import Projector

pytestmark = pytest.mark.neo4j

SAMPLE = (Path(__file__).parents[2] / "data" / "linkedin" /
          "Basic_LinkedInDataExport_03-14-2025.zip")


def test_an_imported_network_is_projected_as_the_importers_ties(
        app: Goodwill, projector: Projector, graph: Driver) -> None:
    hugo = str(app.register_person(Actor.admin(), name="Hugo").aggregate_id)
    planned = plan(app, hugo, linkedin.read(SAMPLE))
    apply(app, planned)
    projector.run_once()
    g = read_graph(graph)
    people = {s.contact.name: s.person for s in planned.steps}
    ana = g.node(people["Ana Ruiz"]).props
    assert (ana["name"], ana["headline"], ana["organization"]) == (
        "Ana Ruiz", "Head of Sales, EMEA", "Northwind Logistics")
    assert g.node(people["美咲 佐藤"]).props["name"] == "美咲 佐藤"
    knows = g.rels("KNOWS")
    assert len(knows) == 5
    assert {r.props["source"] for r in knows} == {"imported"}
    assert all(hugo in (r.source, r.target) for r in knows)
    held = " ".join(str(n.props) for n in g.nodes)
    assert "linkedin.com/in" not in held and "example.com" not in held
