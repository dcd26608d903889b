"""Imports in the real graph: a LinkedIn import's ties, the people with their organization
and headline, and no identifier projected; a calendar's meetings, dated when they began,
their summaries the meetings' contexts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from neo4j import Driver

from domain.actors import Actor
from domain.app import Goodwill
from domain.contacts import ical, linkedin
from domain.contacts.apply import apply
from domain.contacts.plan import plan, plan_meetings
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


def test_an_imported_calendar_is_projected_as_meetings(
        app: Goodwill, projector: Projector, graph: Driver) -> None:
    admin = Actor.admin()
    hugo = str(app.register_person(admin, name="Hugo", emails=["hugo@example.com"])
               .aggregate_id)
    ana = str(app.register_person(admin, name="Ana", emails=["ana.ruiz@northwind.example"])
              .aggregate_id)
    calendar = Path(__file__).parents[2] / "data" / "ical" / "google.ics"
    apply(app, plan_meetings(app, hugo, ical.read(calendar, datetime(2025, 11, 1,
                                                                     tzinfo=UTC))))
    projector.run_once()
    g = read_graph(graph)
    met = g.rels("MET")
    assert len(met) == 4 and all({r.source, r.target} == {hugo, ana} for r in met)
    assert all(r.props["confirmed"] is False for r in met)  # Hugo's word until Ana confirms
    (knows,) = g.rels("KNOWS")
    assert (knows.props["interactions"], knows.props["source"]) == (4, "met")
    # the summaries are the meetings' contexts, as any meeting's: shown to the pair only
    # (docs/privacy.md), erased with either of them
    assert sorted((r.props["at"], r.props["context"]) for r in met) == [
        (datetime(2025, 3, 17, 10, tzinfo=UTC), "Pipeline sync"),
        (datetime(2025, 4, 1, 14, tzinfo=UTC), "Pipeline sync (moved to Tuesday)"),
        (datetime(2025, 4, 7, 9, tzinfo=UTC), "Pipeline sync"),
        (datetime(2025, 5, 2, 12, 30, tzinfo=UTC), "Lunch, freight insurers")]
