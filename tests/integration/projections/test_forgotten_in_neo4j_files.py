"""Forgetting, down to Neo4j's files: once a person is forgotten and the graph rebuilt, and
Neo4j has checkpointed, what do its store files and transaction logs still hold of them?
docs/privacy.md states it; this test holds the docs to it. It reads the data directory of
the server it runs against, so it runs only against the local server `neo4jctl` manages
(Community has no `db.checkpoint()`: a clean restart checkpoints)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import ModuleType

import pytest
from neo4j import Driver, GraphDatabase

from config import Neo4jSettings
from domain.actors import Actor
from domain.app import Goodwill
from projector.projector import Projector

pytestmark = pytest.mark.neo4j

ADMIN = Actor.admin()
# Long enough to be stored as bytes in the string store (short strings are packed).
SECRETS = {
    "name": "Zebulon Quixotewright-Marrowgate, keeper of the Vrell lamps",
    "headline": "Lamplighter of Vrell harbour, heliographs repaired while you wait",
    "meeting": "under the Marrowgate clock, talking about quince orchards at dusk",
}


def _data_directory(graph: Driver) -> Path:
    with graph.session() as session:
        record = session.run("SHOW SETTINGS YIELD name, value "
                             "WHERE name = 'server.directories.data' RETURN value").single()
    assert record is not None
    return Path(record["value"])


def _checkpoint(graph: Driver, ctl: ModuleType, instance: object) -> None:
    """`CALL db.checkpoint()` where it exists (Enterprise); else a clean restart, which
    checkpoints before it stops."""
    with graph.session() as session:
        names = [r["name"] for r in session.run(
            "SHOW PROCEDURES YIELD name WHERE name = 'db.checkpoint' RETURN name")]
        if names:
            session.run("CALL db.checkpoint()").consume()
            return
    ctl.stop(instance)
    ctl.start(instance)
    graph.verify_connectivity()


@pytest.mark.slow
def test_what_neo4j_files_hold_of_a_forgotten_person_after_a_rebuild(
    app: Goodwill, graph: Driver, neo4j_settings: Neo4jSettings, neo4jctl: ModuleType
) -> None:
    ctl = neo4jctl
    instance = ctl.Instance.from_env()
    data = _data_directory(graph)
    if instance.uri != neo4j_settings.uri or ctl.running_pid(instance) is None \
            or not data.is_dir():
        pytest.skip(f"{neo4j_settings.uri} is not the local server neo4jctl manages here "
                    f"({instance.uri}, data in {data}): its files cannot be read")
    store, logs = data / "databases" / "neo4j", data / "transactions" / "neo4j"
    projector = Projector(app, graph)
    z = str(app.register_person(ADMIN, name=SECRETS["name"],
                                headline=SECRETS["headline"]).aggregate_id)
    y = str(app.register_person(ADMIN, name="Yara").aggregate_id)
    app.record_meeting(Actor.person(z), a=z, b=y, context=SECRETS["meeting"])
    projector.run_once()
    _checkpoint(graph, ctl, instance)
    everything = sorted(SECRETS)
    assert _in(store) == everything and _in(logs) == everything  # the scan sees them

    # Forgotten and rebuilt: no read shows them (tested elsewhere), yet the bytes stay in
    # freed records of the string store and index, and in the transaction log.
    app.forget_person(ADMIN, person=z)
    projector.run_once()
    projector.rebuild()
    _checkpoint(graph, ctl, instance)
    assert _in(store) == everything and _in(logs) == everything

    # What docs/privacy.md says removes them: a fresh store, rebuilt from the event store.
    ctl.stop(instance)
    shutil.rmtree(store)
    shutil.rmtree(logs)
    ctl.start(instance)
    # A fresh store numbers its transactions from the start again: the bookmarks this
    # driver holds name transactions it no longer has.
    graph._query_bookmark_manager = GraphDatabase.bookmark_manager()
    graph.verify_connectivity()
    Projector(app, graph).rebuild()  # as `goodwill rebuild` does: the schema, then the graph
    _checkpoint(graph, ctl, instance)
    assert _in(store) == [] and _in(logs) == []
    with graph.session() as session:
        names = session.run("MATCH (p:Person) RETURN p.name AS name ORDER BY name").value()
    assert names == ["Forgotten person", "Yara"]


def _in(folder: Path) -> list[str]:
    """The secrets found in any file below `folder`."""
    data = [p.read_bytes() for p in folder.rglob("*") if p.is_file()]
    return sorted(k for k, v in SECRETS.items() if any(v.encode() in d for d in data))
