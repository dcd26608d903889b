"""Audit replay from the event store and as-of answers from the graph: record events,
ask between them, and the answers differ as they should."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from neo4j import Driver

from domain.actors import Actor
from domain.app import Goodwill
from domain.audit import audit_trail, relationship_history
from domain.ids import relationship_id
from graph.reads import SyncGraphReads
from projector.canonical import read_graph
from projector.projector import Projector
from reads.asof import ledger_as_of, tie_as_of, ties_as_of
from scoring.strength import decayed_mass, epoch_mass

pytestmark = pytest.mark.neo4j

ADMIN = Actor.admin()
T0 = datetime(2025, 1, 1, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


@pytest.fixture
def story(app: Goodwill, projector: Projector) -> dict[str, str]:
    ada = str(app.register_person(ADMIN, name="Ada", at=day(0)).aggregate_id)
    bob = str(app.register_person(ADMIN, name="Bob", at=day(0)).aggregate_id)
    met = app.record_meeting(Actor.person(ada), a=ada, b=bob, context="fair", at=day(10))
    app.record_help(Actor.person(bob), giver=ada, receiver=bob, kind="intro", at=day(20))
    app.confirm_event(Actor.person(bob), a=ada, b=bob, event=met.event_id, at=day(30))
    app.classify(Actor.person(ada), a=ada, b=bob, kind="strategic", at=day(40))
    projector.run_once()
    return {"ada": ada, "bob": bob, "met": str(met.event_id)}


def test_tie_as_of_between_events(graph: Driver, story: dict[str, str]) -> None:
    ada, bob = story["ada"], story["bob"]
    assert tie_as_of(SyncGraphReads(graph), ada, bob, day(5)) is None  # not yet acquainted

    first = tie_as_of(SyncGraphReads(graph), ada, bob, day(15))
    assert first is not None and first.interactions == 1 and first.kind is None
    assert first.epoch_mass == pytest.approx(epoch_mass(0.5, day(10)), rel=1e-12)  # one-sided

    helped = tie_as_of(SyncGraphReads(graph), ada, bob, day(25))
    assert helped is not None and helped.interactions == 2 and helped.given == 1
    assert helped.epoch_mass == pytest.approx(  # Bob's record of the help: his claim
        epoch_mass(0.5, day(10)) + epoch_mass(1.5, day(20)), rel=1e-12)

    confirmed = tie_as_of(SyncGraphReads(graph), ada, bob, day(35))
    assert confirmed is not None and confirmed.kind is None
    assert confirmed.epoch_mass == pytest.approx(
        epoch_mass(1.0, day(10)) + epoch_mass(1.5, day(20)), rel=1e-12)
    assert confirmed.mass == pytest.approx(decayed_mass(confirmed.epoch_mass, day(35)))
    assert 0 < first.strength < helped.strength < confirmed.strength < 1

    later = tie_as_of(SyncGraphReads(graph), ada, bob, day(400))
    assert later is not None and later.kind == "strategic"
    assert later.strength < confirmed.strength  # nothing new: it faded

    # Today's answer agrees with the tie's stored mass.
    (knows,) = read_graph(graph).rels("KNOWS")
    assert later.epoch_mass == pytest.approx(knows.props["m"], rel=1e-12)
    assert later.interactions == knows.props["interactions"]
    assert [t.other for t in ties_as_of(SyncGraphReads(graph), bob, day(400))] == [ada]


def test_ledger_as_of(graph: Driver, story: dict[str, str]) -> None:
    ada = story["ada"]
    before = ledger_as_of(SyncGraphReads(graph), ada, day(15))
    after = ledger_as_of(SyncGraphReads(graph), ada, day(25))
    assert before is not None and (before.given, before.received) == (0, 0)
    # Bob's record of Ada's help is his claim: it counts once Ada confirms it
    assert after is not None and (after.given, after.received) == (0, 0)


def test_history_and_audit_trail_come_from_the_event_store(
    app: Goodwill, story: dict[str, str]
) -> None:
    ada, bob = story["ada"], story["bob"]
    history = relationship_history(app, bob, ada)
    assert [e.event for e in history] == ["Connected", "Met", "Helped", "Confirmed",
                                          "Classified"]
    assert [e.version for e in history] == [1, 2, 3, 4, 5]
    assert history[1].event_id == story["met"]
    assert history[1].recorded_by == ada and history[2].recorded_by == bob
    assert history[3].attributes == {"event": story["met"]}
    assert all(e.aggregate_id == str(relationship_id(ada, bob)) for e in history)
    assert [e.event for e in relationship_history(app, ada, bob, as_of=day(25))] == \
        ["Connected", "Met", "Helped"]
    recorded = [e.recorded_at for e in history]
    assert recorded == sorted(recorded)

    app.forget_person(ADMIN, person=bob, at=day(50))
    trail = audit_trail(app, bob)
    assert [e.event for e in trail] == ["PersonRegistered", "PersonForgotten"]
    assert trail[0].attributes["name"] == "[erased]"  # their key is gone with them
    assert trail[0].as_dict()["at"] == day(0).isoformat()
