"""The offline rebuild (`goodwill rebuild --offline`): events folded into import files,
`neo4j-admin database import` into a fresh store swapped in for the served one.

It stops and starts the server, so it runs only against the local server `neo4jctl`
manages (the one `make test` starts). Checked here: the same canonical graph as
incremental projection and as the online rebuild, on a generated network with every event
kind; projection continuing from the imported position, once; no byte of a forgotten
person in the new store's files; and a failed import leaving the old graph serving.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path
from types import ModuleType

import pytest
from neo4j import Driver, GraphDatabase

from bench.projection_workload import Workload
from config import Neo4jSettings
from domain.actors import Actor
from domain.app import Goodwill
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
    for chunk in range(4):
        _generate(workload, range(chunk * 150, (chunk + 1) * 150))
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
