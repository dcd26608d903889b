"""The offline rebuild (`goodwill rebuild --offline`): events folded into import files,
`neo4j-admin database import` into a fresh store swapped in for the served one.

It stops and starts the server, so it runs only against the local server `neo4jctl`
manages (the one `make test` starts). Checked here: the same canonical graph as
incremental projection and as the online rebuild, on a generated network with every event
kind (and merges of people among them); the same for a log of merges of merges whose
records share neighbours, and for any log of merges (a property, in `make fuzz`);
projection continuing from the imported position, once; no byte of a forgotten person in
the new store's files; and a failed import leaving the old graph serving.
"""

from __future__ import annotations

import csv
import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from neo4j import Driver, GraphDatabase

from bench.projection_workload import Workload
from config import Neo4jSettings
from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import DomainError
from graph.rebuild_marker import RebuildMarker
from projector.canonical import graph_hash, snapshot
from projector.offline.fold import Folded
from projector.offline.rebuild import NotTheLocalServer, rebuild_offline
from projector.offline.swap import SwapFailed
from projector.projector import Projector
from synthetic.load import load
from synthetic.plan import plan

pytestmark = pytest.mark.neo4j

ADMIN = Actor.admin()
SECRETS = {  # long enough for the string store (short strings are packed in place)
    "name": "Ottoline Vaspermere-Quillfeather, cartographer of the Dunmarrow fens",
    "meeting": "beside the Dunmarrow sluice gates, arguing about heron migrations",
}


@pytest.fixture
def local(graph: Driver, neo4j_settings: Neo4jSettings, neo4jctl: ModuleType) -> Neo4jSettings:
    instance = neo4jctl.Instance.from_env()
    if instance.uri != neo4j_settings.uri or neo4jctl.running_pid(instance) is None:
        pytest.skip(f"{neo4j_settings.uri} is not the local server neo4jctl manages here: "
                    "the offline rebuild stops and starts it")
    return neo4j_settings


def _fresh_bookmarks(driver: Driver) -> None:
    """A swapped-in store numbers its transactions anew: forget the old store's bookmarks."""
    driver._query_bookmark_manager = GraphDatabase.bookmark_manager()


def _generate(workload: Workload, steps: range) -> None:
    for i in steps:
        workload.step(i * 7919 % 1000, i * 104729, i * 1299709, i * 15485863)


def _store_files(neo4jctl: ModuleType) -> list[Path]:
    store, logs = neo4jctl.store_folders(neo4jctl.Instance.from_env())
    return [p for folder in (store, logs) for p in folder.rglob("*") if p.is_file()]


def test_offline_rebuild_gives_the_graph_of_incremental_and_online_projection(
        app: Goodwill, graph: Driver, local: Neo4jSettings, neo4jctl: ModuleType) -> None:
    projector = Projector(app, graph)
    secret = str(app.register_person(ADMIN, name=SECRETS["name"]).aggregate_id)
    other = str(app.register_person(ADMIN, name="Ada").aggregate_id)
    app.record_meeting(Actor.person(secret), a=secret, b=other, context=SECRETS["meeting"])
    # a network as `goodwill generate` makes them (in batches of commands), followed in
    # small batches of events
    load(app, plan(40, 0.5, 7))
    projector.catch_up(97)
    workload = Workload(app)  # then every kind of event, followed in uneven batches
    merged_into = ""
    for chunk in range(4):
        _generate(workload, range(chunk * 150, (chunk + 1) * 150))
        if chunk in (1, 2):  # records merged, then the survivor into another: a chain
            active = [p for p in workload.people if p not in workload.forgotten]
            survivor = active[2 - chunk]
            duplicate = active[2] if chunk == 1 else merged_into
            app.merge_people(ADMIN, survivor=survivor, duplicate=duplicate)
            merged_into = survivor
        projector.run_once((7, 300, 40, 5000)[chunk])
    app.forget_person(ADMIN, person=secret)
    projector.catch_up(97)
    incremental = snapshot(graph)
    assert len(incremental.nodes) > 60 and len(incremental.relationships) > 1000

    steps: list[str] = []
    result = rebuild_offline(app, local, step=steps.append)
    _fresh_bookmarks(graph)
    assert result.position == app.max_notification_id()
    assert "importing the new store" in steps and steps[-1] == "deleting the old store"
    offline = snapshot(graph)
    assert set(offline.nodes) ^ set(incremental.nodes) == set()
    assert set(offline.relationships) ^ set(incremental.relationships) == set()
    assert offline.digest == incremental.digest
    # a fresh store: nothing of the forgotten person anywhere in its files
    data = [p.read_bytes() for p in _store_files(neo4jctl)]
    assert [k for k, v in SECRETS.items() if any(v.encode() in d for d in data)] == []
    assert RebuildMarker(graph).state().active is False

    # projection goes on from the imported position, applying each new event once
    after = Projector(app, graph)
    assert after.position() == result.position
    _generate(workload, range(600, 700))
    applied = after.catch_up(40)
    assert applied == app.max_notification_id() - result.position
    assert after.lag().events_behind == 0
    continued = graph_hash(graph)
    assert after.rebuild(batch_size=5000) == app.max_notification_id()
    assert graph_hash(graph) == continued  # the online rebuild of the whole log


T0 = datetime(2024, 1, 1, tzinfo=UTC)


def _merges_of_merges(app: Goodwill) -> dict[str, str]:
    """Two records of Ana (`dup`, and `dup2`, itself merged into `dup` first) share Ben
    and Cem with her and with each other; between them lie meetings, help, thanks, a
    referral, a concierge and a tie, which go; one-sided claims wait through both merges
    and are confirmed and thanked after, naming Ana, as introductions the records made or
    asked for are made and confirmed; Eve, whom `dup2` met, is forgotten after it all."""
    people = {name: str(app.register_person(ADMIN, name=name, at=T0).aggregate_id)
              for name in ("ana", "dup", "dup2", "ben", "cem", "dan", "eve")}
    ana, dup, dup2, ben, cem, dan, eve = people.values()
    day = iter(range(1, 100))

    def at() -> datetime:
        return T0 + timedelta(days=next(day))

    def person(pid: str) -> Actor:
        return Actor.person(pid)

    coffee = app.record_meeting(person(ana), a=ana, b=ben, context="coffee", at=at())
    app.record_meeting(ADMIN, a=dup, b=ben, context="lunch", at=at())
    app.record_meeting(ADMIN, a=dup2, b=ben, context="dinner", at=at())
    waiting = app.record_meeting(person(dup2), a=dup2, b=cem, context="a call", at=at())
    app.record_meeting(ADMIN, a=dup, b=cem, context="walk", at=at())
    app.record_meeting(ADMIN, a=dup2, b=eve, context="heron migrations", at=at())
    app.record_meeting(ADMIN, a=dup, b=dup2, context="self", at=at())
    app.record_meeting(ADMIN, a=ana, b=dup, context="self again", at=at())
    helped = app.record_help(ADMIN, giver=dup, receiver=ben, kind="advice", at=at())
    app.thank(ADMIN, thanker=ben, thanked=dup, for_event=str(helped.event_id), at=at())
    own = app.record_help(person(dup2), giver=dup2, receiver=cem, kind="intro", at=at())
    app.record_help(ADMIN, giver=ana, receiver=dup, kind="advice", at=at())
    app.classify(ADMIN, a=dup, b=ben, kind="strategic", at=at())
    app.classify(ADMIN, a=ana, b=ben, kind="personal", at=at())
    app.give_referral(ADMIN, giver=dup2, receiver=dan, prospect=cem, at=at())
    referral = app.give_referral(ADMIN, giver=dup, receiver=dan, prospect_name="Acme",
                                 at=at())
    app.give_referral(ADMIN, giver=ana, receiver=dup, prospect_name="Globex", at=at())
    group = str(app.form_group(ADMIN, founder=dup, name="Circle", at=at()).aggregate_id)
    for member in (ana, dup2, cem):
        app.join_group(ADMIN, group=group, person=member, at=at())
    app.bring_client(ADMIN, group=group, member=dup2, client=ben, needs="a lawyer", at=at())
    app.bring_client(ADMIN, group=group, member=ana, client=dup, needs="nothing", at=at())
    app.serve_client(ADMIN, group=group, member=cem, client=ben, at=at())
    app.serve_client(ADMIN, group=group, member=dup, client=ben, at=at())
    app.connect(ADMIN, a=ben, b=dan, at=at())
    made = app.make_introduction(person(ben), a=dup2, b=dan, at=at())
    asked = app.request_introduction(person(dup), target=dan, broker=ben, at=at())
    app.merge_people(ADMIN, survivor=dup, duplicate=dup2, at=at())
    app.record_meeting(ADMIN, a=dup, b=dan, context="after the first merge", at=at())
    app.merge_people(ADMIN, survivor=ana, duplicate=dup, at=at())
    # Ana's own word: her relationship with Cem takes over dup2's tie and its open share
    app.record_meeting(person(ana), a=ana, b=cem, context="after both", at=at())
    app.record_meeting(ADMIN, a=ana, b=dan, context="and again", at=at())
    app.bring_client(ADMIN, group=group, member=ana, client=dan, needs="a notary", at=at())
    # what waited on the merged-away records is completed naming Ana
    app.confirm_event(person(cem), a=cem, b=ana, event=str(waiting.event_id), at=at())
    app.thank(person(cem), thanked=ana, for_event=str(own.event_id), at=at())
    app.confirm_event(person(ben), a=ben, b=ana, event=str(coffee.event_id), at=at())
    app.make_introduction(person(ben), introduction=str(asked.aggregate_id), at=at())
    app.confirm_introduction(person(dan), introduction=str(asked.aggregate_id), at=at())
    app.confirm_introduction(person(ana), introduction=str(made.aggregate_id), at=at())
    app.accept_referral(ADMIN, referral=str(referral.aggregate_id), at=at())
    app.close_referral(ADMIN, referral=str(referral.aggregate_id), value=100.0, at=at())
    app.forget_person(ADMIN, person=eve, at=at())
    people["waiting"], people["own"] = str(waiting.event_id), str(own.event_id)
    return people


def test_offline_rebuild_of_merges_of_merges_gives_the_projected_graph(
        app: Goodwill, graph: Driver, local: Neo4jSettings) -> None:
    people = _merges_of_merges(app)
    projector = Projector(app, graph)
    projector.wipe()
    while projector.run_once(3):  # batches that cut the log anywhere but at the merges
        pass
    incremental = snapshot(graph)
    with graph.session() as s:
        ids = s.run("MATCH (p:Person) RETURN p.id AS id").value()
        knows = s.run("MATCH (a:Person)-[k:KNOWS]->(b:Person) RETURN a.id AS a, b.id AS b, "
                      "k.interactions AS n").data()
        erased = s.run("MATCH (:Person {id: $e})-[m:MET]-() RETURN m.context",
                       e=people["eve"]).value()
    assert people["dup"] not in ids and people["dup2"] not in ids
    mutual = {frozenset((r["a"], r["b"])): r["n"] for r in knows}
    # Ben: Ana's, dup's and dup2's meetings, dup's help, Ben's thanks, the classifications
    assert mutual[frozenset((people["ana"], people["ben"]))] == 5
    assert erased == ["[erased]"]

    result = rebuild_offline(app, local)
    _fresh_bookmarks(graph)
    assert result.position == app.max_notification_id()
    offline = snapshot(graph)
    assert set(offline.nodes) ^ set(incremental.nodes) == set()
    assert set(offline.relationships) ^ set(incremental.relationships) == set()
    assert offline.digest == incremental.digest
    projector = Projector(app, graph)
    assert projector.rebuild(batch_size=5000) == app.max_notification_id()
    assert graph_hash(graph) == offline.digest  # the online rebuild


def test_a_failed_import_leaves_the_old_graph_serving(
        app: Goodwill, graph: Driver, local: Neo4jSettings, neo4jctl: ModuleType) -> None:
    _generate(Workload(app), range(150))
    Projector(app, graph).catch_up()
    before = graph_hash(graph)

    def spoil(folded: Folded) -> None:  # a tie to people nobody registered
        path = folded.files.relationships["KNOWS"][0]
        row = next(csv.reader(path.open()))  # the header: as many fields again
        with path.open("a", newline="") as out:
            csv.writer(out, quoting=csv.QUOTE_ALL).writerow(
                ["nobody", "nobody-either", *next(csv.reader(path.open().readlines()[1:2]))
                 [2:]][:len(row)])

    with pytest.raises(SwapFailed, match="old graph serves again"):
        rebuild_offline(app, local, damage=spoil)
    _fresh_bookmarks(graph)
    assert graph_hash(graph) == before
    assert RebuildMarker(graph).state().active is False
    instance = neo4jctl.Instance.from_env()
    assert not (instance.home / "data" / "rebuild-previous").exists()
    assert not list(instance.home.glob("offline-rebuild-*"))  # the files are gone too


def test_the_offline_rebuild_refuses_a_server_it_does_not_manage(
        app: Goodwill, neo4j_settings: Neo4jSettings) -> None:
    elsewhere = dataclasses.replace(neo4j_settings, uri="bolt://127.0.0.1:1")
    with pytest.raises(NotTheLocalServer, match="goodwill rebuild` \\(online\\)"):
        rebuild_offline(app, elsewhere)


def _random_merges(app: Goodwill, steps: list[tuple[int, int, int, int]]) -> None:
    """Six records meet, help, thank, confirm one another's claims (naming people as they
    are now) and are merged into one another in the order `steps` says; what the domain
    refuses (a merged-away id, a self-merge, a claim confirmed twice) is skipped."""
    records = [str(app.register_person(ADMIN, name=f"P{i}", at=T0).aggregate_id)
               for i in range(6)]
    claims: list[tuple[str, str, str]] = []  # a, b, event
    for n, (op, x, y, z) in enumerate(steps):
        at = T0 + timedelta(hours=n + 1)
        a, b = records[x % 6], records[y % 6]
        actor = ADMIN if z % 3 == 0 else Actor.person(a)
        try:
            if op % 6 in (0, 1):
                e = app.record_meeting(actor, a=a, b=b, context=f"m{n}", at=at)
                claims.append((a, b, str(e.event_id)))
            elif op % 6 == 2:
                e = app.record_help(actor, giver=a, receiver=b, at=at)
                claims.append((a, b, str(e.event_id)))
            elif op % 6 == 3 and claims:
                first, second, event = claims[z % len(claims)]
                now = [app.survivor_of(p) or p for p in (first, second)]
                if op % 12 == 3:
                    app.thank(ADMIN, thanker=now[1], thanked=now[0], for_event=event, at=at)
                else:
                    app.confirm_event(Actor.person(now[1]), a=now[1], b=now[0], event=event,
                                      at=at)
            elif op % 6 == 4:
                app.merge_people(ADMIN, survivor=b, duplicate=a, at=at)
            elif op % 24 == 5:
                app.forget_person(ADMIN, person=a, at=at)
        except DomainError:
            pass


@pytest.mark.fuzz  # each example stops the server and imports a store: `make fuzz` runs them
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.integers(0, 23), st.integers(0, 5), st.integers(0, 5),
                                st.integers(0, 99)), min_size=10, max_size=40),
       batch=st.sampled_from([1, 2, 5, 5000]))
def test_offline_rebuild_equals_projection_for_any_log_of_merges(
        graph: Driver, local: Neo4jSettings, tmp_path_factory: pytest.TempPathFactory,
        steps: list[tuple[int, int, int, int]], batch: int) -> None:
    """Law: the offline rebuild of any log that merges people (merges of merges, records
    sharing neighbours, claims confirmed and thanked after) is the projected graph."""
    assume(any(op % 6 == 4 for op, *_ in steps))  # at least one merge is asked for
    app = Goodwill.from_url(f"sqlite:///{tmp_path_factory.mktemp('merges') / 'e.sqlite'}")
    try:
        _random_merges(app, steps)
        projector = Projector(app, graph)
        projector.wipe()
        while projector.run_once(batch):
            pass
        incremental = snapshot(graph)
        rebuild_offline(app, local)
        _fresh_bookmarks(graph)
        offline = snapshot(graph)
        assert set(offline.relationships) ^ set(incremental.relationships) == set()
        assert set(offline.nodes) ^ set(incremental.nodes) == set()
        assert offline.digest == incremental.digest
    finally:
        app.close()
