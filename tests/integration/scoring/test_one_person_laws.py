"""The laws of one person's word, on the real graph: whatever one person records with their
own token alone (registering new people included), no tie between other people changes,
every tie of theirs stays within the cap on unconfirmed claims, and their confirmed
giving, influence and brokerage do not rise. Commands go through the domain, events
through the projector into Neo4j, scores through the influence job."""

from __future__ import annotations

import contextlib
import math
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver

from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import DomainError
from jobs.influence import analyse
from projector.projector import Projector
from scoring.strength import DEFAULT, decayed_mass

pytestmark = pytest.mark.neo4j

ADMIN = Actor.admin()
CAP_STRENGTH = 1 - math.exp(-DEFAULT.unconfirmed_cap / DEFAULT.saturation_k)
KINDS = ("meet", "help_given", "help_received", "thank", "connect", "refer", "introduce",
         "request", "classify", "confirm_own", "register")

commands = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 99), st.integers(0, 99)),
                    min_size=1, max_size=14)


def _others(app: Goodwill) -> list[str]:
    """A small network among others, all of it confirmed, with one open claim besides."""
    people = [str(app.register_person(ADMIN, name=f"P{i}").aggregate_id) for i in range(6)]
    for a, b in ((0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (0, 3)):
        app.record_meeting(ADMIN, a=people[a], b=people[b])
    app.record_help(ADMIN, giver=people[1], receiver=people[2])
    app.give_referral(ADMIN, giver=people[3], receiver=people[4], prospect_name="Acme")
    app.record_meeting(Actor.person(people[0]), a=people[0], b=people[5])  # a claim
    return people


def _ties(graph: Driver) -> dict[str, dict[str, Any]]:
    rows, _, _ = graph.execute_query(
        "MATCH (a:Person)-[k:KNOWS]->(b:Person) "
        "RETURN k.id AS id, a.id AS a, b.id AS b, k.m AS m, k.g_ab AS g_ab, k.g_ba AS g_ba, "
        "coalesce(k.m_open, 0.0) AS m_open")
    return {r["id"]: dict(r) for r in rows}


def _scores(graph: Driver, person: str) -> tuple[float, float, int, int]:
    score = analyse(graph).scores[person]
    rows, _, _ = graph.execute_query("MATCH (p:Person {id: $id}) RETURN p.given AS given",
                                     id=person)
    return score.influence, score.brokerage, score.given, rows[0]["given"]


def _issue(app: Goodwill, me: str, people: list[str], made: list[str],
           helps: list[tuple[str, str]], kind: str, x: int, y: int) -> None:
    actor = Actor.person(me)
    other, third = people[x % len(people)], people[y % len(people)]
    if kind == "register":
        people.append(str(app.register_person(actor, name=f"Sock {x}").aggregate_id))
    elif kind == "meet":
        app.record_meeting(actor, a=me, b=other)
    elif kind == "help_given":
        app.record_help(actor, giver=me, receiver=other)
    elif kind == "help_received":
        helps.append((str(app.record_help(actor, giver=other, receiver=me).event_id), other))
    elif kind == "thank" and helps:  # thanks for help I recorded myself
        event, giver = helps[x % len(helps)]
        app.thank(actor, thanked=giver, for_event=event)
    elif kind == "connect":
        app.connect(actor, a=me, b=other, source="imported")
    elif kind == "refer":
        app.give_referral(actor, receiver=other, prospect_name="Acme")
    elif kind == "introduce":
        made.append(str(app.make_introduction(actor, a=other, b=third).aggregate_id))
    elif kind == "request":
        app.request_introduction(actor, target=other, broker=third)
    elif kind == "classify":
        app.classify(actor, a=me, b=other, kind="strategic")
    elif kind == "confirm_own" and made:  # confirming what one made oneself is refused
        app.confirm_introduction(actor, introduction=made[x % len(made)])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=commands)
def test_one_persons_word_alone_moves_nothing_but_their_own_capped_ties(
        graph: Driver, plan: list[tuple[str, int, int]]) -> None:
    app = Goodwill.from_url("memory:")
    projector = Projector(app, graph)
    projector.wipe()
    people = _others(app)
    me = str(app.register_person(ADMIN, name="Mallory").aggregate_id)
    projector.catch_up()
    before_ties = _ties(graph)
    influence, brokerage, given_job, given_projected = _scores(graph, me)

    made: list[str] = []
    helps: list[tuple[str, str]] = []
    for kind, x, y in plan:
        with contextlib.suppress(DomainError):  # refused: nothing written
            _issue(app, me, people, made, helps, kind, x, y)
    projector.catch_up()
    now = datetime.now(UTC)
    after_ties = _ties(graph)

    # no tie between other people changed (nor appeared)
    others_before = {k: v for k, v in before_ties.items() if me not in (v["a"], v["b"])}
    others_after = {k: v for k, v in after_ties.items() if me not in (v["a"], v["b"])}
    assert others_after == others_before
    # every tie of mine stays within the cap on unconfirmed claims, and is all open
    for tie in after_ties.values():
        if me in (tie["a"], tie["b"]):
            strength = 1 - math.exp(-decayed_mass(tie["m"], now) / DEFAULT.saturation_k)
            assert strength <= CAP_STRENGTH + 1e-9
            assert tie["m"] - tie["m_open"] <= 1e-9 * tie["m"]
    # my confirmed giving, influence and brokerage did not rise
    after = _scores(graph, me)
    assert after[0] <= influence + 1e-12
    assert after[1] <= brokerage + 1e-12
    assert after[2] <= given_job and after[3] <= given_projected


pair_commands = st.lists(st.tuples(st.sampled_from((*KINDS, "confirm_partner")),
                                   st.integers(0, 99), st.integers(0, 99), st.booleans()),
                         min_size=1, max_size=16)


def _confirm_partner(app: Goodwill, me: str, partner: str, made: list[str]) -> None:
    """Confirm whatever the partner claimed on our tie, and any introduction made to me."""
    tie = app.find_relationship(me, partner)
    for event, claimant in dict(tie.unconfirmed if tie else {}).items():
        if claimant == partner:
            app.confirm_event(Actor.person(me), a=me, b=partner, event=event)
    for intro in made:
        with contextlib.suppress(DomainError):
            app.confirm_introduction(Actor.person(me), introduction=intro)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=pair_commands)
def test_two_colluders_raise_only_their_own_tie(
        graph: Driver, plan: list[tuple[str, int, int, bool]]) -> None:
    app = Goodwill.from_url("memory:")
    projector = Projector(app, graph)
    projector.wipe()
    people = _others(app)
    pair = [str(app.register_person(ADMIN, name=n).aggregate_id) for n in ("Mal", "Lory")]
    projector.catch_up()
    before_ties = _ties(graph)

    made: list[str] = []
    helps: dict[str, list[tuple[str, str]]] = {p: [] for p in pair}
    for kind, x, y, second in plan:
        me, partner = (pair[1], pair[0]) if second else (pair[0], pair[1])
        with contextlib.suppress(DomainError):
            if kind == "confirm_partner":
                _confirm_partner(app, me, partner, made)
            else:  # either may act on the other too
                _issue(app, me, [*people, partner], made, helps[me], kind, x, y)
    projector.catch_up()
    now = datetime.now(UTC)
    after_ties = _ties(graph)

    others_before = {k: v for k, v in before_ties.items() if not {v["a"], v["b"]} & set(pair)}
    others_after = {k: v for k, v in after_ties.items() if not {v["a"], v["b"]} & set(pair)}
    assert others_after == others_before
    for tie in after_ties.values():
        ends = {tie["a"], tie["b"]}
        if ends & set(pair) and ends != set(pair):  # a colluder's tie with a third person
            strength = 1 - math.exp(-decayed_mass(tie["m"], now) / DEFAULT.saturation_k)
            assert strength <= CAP_STRENGTH + 1e-9
            assert tie["m"] - tie["m_open"] <= 1e-9 * tie["m"]
