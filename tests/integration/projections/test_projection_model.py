"""Each event kind becomes the graph changes of the design's graph model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from neo4j import Driver

from config import Neo4jSettings
from domain.actors import Actor
from domain.app import Goodwill
from domain.ids import relationship_id
from projector.canonical import read_graph
from projector.projector import Projector
from scoring.strength import epoch_mass, event_weight

pytestmark = pytest.mark.neo4j

ADMIN = Actor.admin()
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


def people(app: Goodwill, *names: str) -> list[str]:
    return [str(app.register_person(ADMIN, name=n, headline=f"{n} works", organization="Acme",
                                    tags=["sales"], at=at(0)).aggregate_id) for n in names]


def test_people_ties_and_confirmations(app: Goodwill, projector: Projector,
                                       graph: Driver) -> None:
    ada, bob = people(app, "Ada", "Bob")
    a, b = sorted((ada, bob))
    met = app.record_meeting(Actor.person(ada), a=ada, b=bob, context="coffee", at=at(1))
    helped = app.record_help(Actor.person(ada), giver=ada, receiver=bob, kind="advice",
                             at=at(2))
    assert projector.run_once() > 0
    g = read_graph(graph)
    assert g.node(ada).props["name"] == "Ada"
    # Ada's help is her claim: shown apart from what she gave, until Bob confirms it
    assert (g.node(ada).props["given"], g.node(ada).props["given_unconfirmed"]) == (0, 1)
    assert g.node(bob).props["received"] == 0
    assert [r.target for r in g.rels("WORKS_AT", source=ada)] == ["Acme"]
    (knows,) = g.rels("KNOWS")
    assert (knows.source, knows.target) == (a, b)
    assert knows.props["id"] == str(relationship_id(a, b))
    assert knows.props["interactions"] == 2
    one_sided = epoch_mass(event_weight("met", False), at(1)) + \
        epoch_mass(event_weight("helped", False), at(2))
    assert knows.props["m"] == pytest.approx(one_sided, rel=1e-12)
    (met_edge,) = g.rels("MET", source=ada, target=bob)
    assert met_edge.props["event_id"] == str(met.event_id)
    assert met_edge.props["confirmed"] is False
    assert met_edge.props["weight"] == event_weight("met", False)

    # Bob confirms the meeting and thanks the help: each adds the rest of its weight, once.
    app.confirm_event(Actor.person(bob), a=ada, b=bob, event=met.event_id, at=at(3))
    app.thank(Actor.person(bob), thanked=ada, for_event=helped.event_id, at=at(4))
    projector.run_once()
    g = read_graph(graph)
    (knows,) = g.rels("KNOWS")
    full = epoch_mass(1.0, at(1)) + epoch_mass(3.0, at(2)) + epoch_mass(1.0, at(4))
    assert knows.props["m"] == pytest.approx(full, rel=1e-12)
    assert knows.props["interactions"] == 3  # confirmations are not new interactions
    assert knows.props["last_at"] == at(4)
    (met_edge,) = g.rels("MET")
    assert met_edge.props["confirmed"] is True and met_edge.props["confirmed_at"] == at(3)
    assert met_edge.props["weight"] == 1.0
    (help_edge,) = g.rels("HELPED", source=ada, target=bob)
    assert help_edge.props["confirmed"] is True and help_edge.props["weight"] == 3.0
    assert (g.node(ada).props["given"], g.node(ada).props["given_unconfirmed"]) == (1, 0)
    assert g.node(bob).props["received"] == 1
    (thanks,) = g.rels("THANKED", source=bob, target=ada)
    assert thanks.props["for_event"] == str(helped.event_id)


def test_introductions_referrals_groups_and_erasure(app: Goodwill, projector: Projector,
                                                  graph: Driver) -> None:
    ada, bob, cy, dee = people(app, "Ada", "Bob", "Cy", "Dee")
    req = app.request_introduction(Actor.person(ada), target=cy, broker=bob, message="hi",
                                   path=[ada, bob, cy], at=at(1))
    projector.run_once()
    intro = read_graph(graph).node(str(req.aggregate_id))
    assert intro.props["status"] == "requested"
    app.accept_introduction(Actor.person(bob), introduction=req.aggregate_id, at=at(2))
    app.make_introduction(Actor.person(bob), introduction=req.aggregate_id, at=at(3))
    app.confirm_introduction(Actor.person(cy), introduction=req.aggregate_id, at=at(4))
    ref = app.give_referral(Actor.person(ada), receiver=dee, prospect_name="Initech", at=at(4))
    app.accept_referral(Actor.person(dee), referral=ref.aggregate_id, at=at(4))
    app.close_referral(Actor.person(dee), referral=ref.aggregate_id, value=1200.0,
                       currency="EUR", at=at(5))
    group = app.form_group(ADMIN, name="Breakfast club", purpose="referrals", founder=ada,
                           at=at(6)).aggregate_id
    app.join_group(ADMIN, group=group, person=bob, at=at(7))
    app.join_group(ADMIN, group=group, person=cy, at=at(7))
    app.leave_group(ADMIN, group=group, person=cy, at=at(8))
    app.rotate_leadership(ADMIN, group=group, leader=bob, at=at(9))
    app.bring_client(ADMIN, group=group, member=bob, client=dee, needs="tax", at=at(10))
    app.forget_person(ADMIN, person=cy, at=at(11))
    projector.run_once()
    g = read_graph(graph)

    intro = g.node(str(req.aggregate_id))
    assert intro.props["status"] == "made" and intro.props["at"] == at(3)
    assert [r.target for r in g.rels("BY", source=intro.key)] == [bob]
    assert sorted(r.target for r in g.rels("OF", source=intro.key)) == sorted([ada, cy])
    a, c = sorted((ada, cy))
    (knows,) = g.rels("KNOWS", source=a, target=c)
    assert knows.props["source"] == "introduced" and knows.props["introduced_by"] == bob
    # confirmed by both (the requester by asking): its full weight, dated at the making
    assert knows.props["m"] == pytest.approx(epoch_mass(2.0, at(3)), rel=1e-12)
    assert intro.props["confirmations"] == 2
    assert g.node(bob).props["given"] == 1  # the introduction

    (referred,) = g.rels("REFERRED", source=ada, target=dee)
    assert referred.props["status"] == "closed"
    assert (referred.props["value"], referred.props["currency"]) == (1200.0, "EUR")
    a, d = sorted((ada, dee))
    (knows,) = g.rels("KNOWS", source=a, target=d)
    assert knows.props["m"] == pytest.approx(
        epoch_mass(3.0, at(4)) + epoch_mass(5.0, at(5)), rel=1e-12)

    roles = {r.source: r.props["role"] for r in g.rels("MEMBER_OF", target=str(group))}
    assert roles == {ada: "member", bob: "leader"}  # Cy left; leadership went to Bob
    (concierge,) = g.rels("CONCIERGE_FOR", source=bob, target=dee)
    assert concierge.props["needs"] == "tax"

    forgotten = g.node(cy).props
    assert forgotten["name"] == "Forgotten person" and forgotten["forgotten"] is True
    assert forgotten["headline"] == "" and forgotten["tags"] == []
    assert g.rels("WORKS_AT", source=cy) == []
    ties = g.rels("KNOWS", source=min(ada, cy), target=max(ada, cy))
    assert len(ties) == 1  # ties and counts stay


def test_idempotency_records_are_ignored(app: Goodwill, projector: Projector,
                                         graph: Driver) -> None:
    first = app.register_person(ADMIN, name="Ada", idempotency_key="k1", at=at(0))
    again = app.register_person(ADMIN, name="Ada", idempotency_key="k1", at=at(0))
    assert first == again
    assert projector.run_once() == app.max_notification_id()
    assert [n.labels for n in read_graph(graph).nodes] == [("Person",)]


def test_pending_request_names_requester_target_and_path(
    app: Goodwill, projector: Projector, neo4j_settings: Neo4jSettings
) -> None:
    import asyncio

    from graph.connection import connect_async
    from graph.reads import GraphReads
    from reads.introductions import pending_introductions

    ada, bob, cy = people(app, "Ada", "Bob", "Cy")
    app.record_meeting(Actor.person(ada), a=ada, b=bob, at=at(0))
    app.record_meeting(Actor.person(bob), a=bob, b=cy, at=at(0))
    app.request_introduction(Actor.person(ada), target=cy, broker=bob, message="Cy builds ERPs",
                             path=[ada, bob, cy], at=at(1))
    projector.catch_up()

    async def pending() -> list:
        async with connect_async(neo4j_settings) as driver:
            return await pending_introductions(GraphReads(driver, neo4j_settings.database), bob)

    [request] = asyncio.run(pending())
    assert (request.requester, request.target) == (ada, cy)
    assert request.received == 0 and request.given == 0
    assert list(request.path) == [ada, bob, cy]
