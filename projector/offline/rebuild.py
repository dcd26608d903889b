"""`goodwill rebuild --offline`: the graph rebuilt as a fresh store, for large graphs.

1. Fold the event store, up to its head now, into import files (`fold`) while the graph
   still serves (and the projectors still follow it).
2. Mark the graph as rebuilding (`RebuildMarker.held`: every reader sees it, projection
   batches of other processes stop), then stop the server, import the files into a fresh
   store, start it (`swap`): reads answer REBUILDING meanwhile.
3. On the new store: the schema (constraints and indexes, as a fresh graph gets them, then
   waiting until they are online) and a check that it holds what was folded. Only then is
   the old store deleted; any failure puts it back.

Projectors continue from the imported position: the files carry the `ProjectionPosition`
of the notification they end at, so what was recorded during the rebuild is projected
after it, once. Needs the local server `ops/neo4j/neo4jctl.py` manages (it stops and
starts it); the online `Projector.rebuild` works on any server.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from neo4j import GraphDatabase

import cypher
from config import Neo4jSettings
from graph.connection import apply_schema_in
from graph.rebuild_marker import STALE_S, RebuildMarker
from graph.sessions import open_session
from projector.offline.fold import Folded, Progress, fold
from projector.offline.swap import Step, StoreSwap, neo4jctl
from projector.tracking import Neo4jTrackingRecorder
from scoring.strength import DEFAULT, ScoringSettings

EMPTY_LISTS_BATCH = 10_000  # nodes per transaction


class NotTheLocalServer(RuntimeError):
    """The offline rebuild stops and starts the server: only the local one can be."""


@dataclass(frozen=True)
class OfflineRebuild:
    position: int
    events: int
    nodes: int
    relationships: int
    folded: Folded


def local_instance(settings: Neo4jSettings) -> Any:
    """The neo4jctl server at `settings.uri`; NotTheLocalServer when it is another."""
    ctl = neo4jctl()
    instance = ctl.Instance.from_env()
    if instance.uri != settings.uri.rstrip("/") or ctl.running_pid(instance) is None:
        raise NotTheLocalServer(
            f"{settings.uri} is not the running server that ops/neo4j/neo4jctl.py manages "
            f"here ({instance.uri}): the offline rebuild must stop and start it. Use "
            f"`goodwill rebuild` (online) for that graph.")
    return instance


def _check(settings: Neo4jSettings, folded: Folded, name: str) -> None:
    """The new store's schema, then: does it hold what was folded? A fresh driver: the
    bookmarks of an earlier one name transactions of the old store."""
    with GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver, \
            open_session(driver, settings.database) as session:
        apply_schema_in(session)
        rows = folded.files.empty_lists
        for start in range(0, len(rows), EMPTY_LISTS_BATCH):
            session.run(cypher.load("admin/offline_empty_lists"),
                        rows=rows[start:start + EMPTY_LISTS_BATCH]).consume()
        size = session.run(cypher.load("admin/graph_size")).single(strict=True)
        position = Neo4jTrackingRecorder(driver, settings.database).max_tracking_id(name) or 0
    expected = (folded.files.node_count, folded.files.relationship_count, folded.position)
    found = (size["nodes"], size["relationships"], position)
    if found != expected:
        raise RuntimeError(f"the imported store holds (nodes, relationships, position) "
                           f"{found}, the files {expected}")


def rebuild_offline(app: Application[Any], settings: Neo4jSettings, *,
                    batch_size: int = 5000, scoring: ScoringSettings = DEFAULT,
                    progress: Progress | None = None, step: Step = lambda _: None,
                    damage: Callable[[Folded], None] | None = None,
                    keep_files: Path | None = None) -> OfflineRebuild:
    """Rebuild the graph at `settings` as a fresh store (see the module's docstring).
    `damage` is for the tests: it may spoil the files before they are imported; the files
    are deleted at the end (they hold personal data) unless `keep_files` names a folder
    for them (the benchmark imports them again)."""
    instance = local_instance(settings)
    work = Path(tempfile.mkdtemp(prefix="offline-rebuild-", dir=instance.home))
    files = keep_files or work / "files"
    rebuild_id = uuid.uuid4().hex
    try:
        step("folding the events into import files")
        folded = fold(app, files, rebuild_id, batch_size=batch_size,
                      settings=scoring, progress=progress)
        if damage is not None:
            damage(folded)
        with GraphDatabase.driver(settings.uri,
                                  auth=(settings.user, settings.password)) as driver:
            step("marking the graph as rebuilding")
            marker = RebuildMarker(driver, settings.database, heartbeat_s=STALE_S / 2)
            with marker.held(rebuild_id):
                # its heartbeat only matters until the server stops (the new store has its
                # own marker)
                marker.stop_beating()
                StoreSwap(instance).run(
                    folded.files.arguments(), lambda: _check(settings, folded, app.name),
                    step, report=work / "import.report")
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the files hold personal data
    return OfflineRebuild(folded.position, folded.events, folded.files.node_count,
                          folded.files.relationship_count, folded)
