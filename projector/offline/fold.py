"""The whole event store folded into `neo4j-admin database import` files, in one pass.

Batch by batch, as `Projector.rebuild` does: the projector's own decoding and planning
(`projector.projector.decode`, `projector.batch`) with the context the projector would read
from the graph answered by the graph in memory (`memory_graph`), whose rows are then applied
there in the projector's stage order; a batch ends at a merge of people, as the
projector's do. The files hold the same nodes, relationships and properties as the
projected graph, the projection position (`ProjectionPosition`, so incremental projection
continues from the imported graph) and a rebuild marker.

Edges that can no longer change are written as they come, between the people they connect
then; a later merge would re-point them in Neo4j (people_merged.cypher). So the merges of
the whole log are read first (`merges`, by topic) and each such edge goes between the
people its ends are merged into by the head, or nowhere once both ends are one person.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from eventsourcing.application import Application

from domain.ids import relationship_id
from projector import batch as batching
from projector.offline.csv_files import CsvWriter, ImportFiles
from projector.offline.memory_graph import Edge, MemoryGraph
from projector.projector import decode
from scoring.strength import DEFAULT, ScoringSettings

Progress = Callable[[int, int], None]  # (notifications folded, notifications in all)

# The id spaces of the import: relationships name their ends by these.
ENDS = {"WORKS_AT": ("Person", "Organization"), "MEMBER_OF": ("Person", "Group"),
        "BY": ("Introduction", "Person"), "OF": ("Introduction", "Person")}


@dataclass(frozen=True)
class Folded:
    files: ImportFiles
    position: int  # the last notification id the files cover
    events: int  # events the graph shows among them
    rebuild_id: str


class _MetSpool:
    """Confirmed MET edges on disk until the end of the fold (pickled, in order)."""

    def __init__(self, folder: Path) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (closed by drain)

    def add(self, edge: Edge) -> None:
        pickle.dump((edge.start, edge.end, edge.props, edge.batch), self._file,
                    protocol=pickle.HIGHEST_PROTOCOL)

    def drain(self) -> Iterator[Edge]:
        self._file.seek(0)
        while True:
            try:
                start, end, props, batch = pickle.load(self._file)
            except EOFError:
                break
            yield Edge("MET", start, end, props, batch)
        self._file.close()


def _context(graph: MemoryGraph, known: batching.Context, events: Sequence[Any]
             ) -> batching.Context:
    """What `Projector._context` reads from the graph, from the graph in memory; the
    claims and referrals as its context cache keeps them (`known`, emptied by a merge as
    the projector's cache is), else from the graph."""
    refs = batching.references(events)
    context = batching.Context()
    for eid in refs.events:
        claim = known.claims.get(eid)
        if claim is not None:
            context.claims[eid] = replace(claim)
            continue
        claim = graph.claim(eid)
        if claim is not None and claim.source is not None and claim.target is not None:
            context.claims[eid] = claim
            low, high = sorted((claim.source, claim.target))
            context.pairs.setdefault(claim.relationship, (low, high))
    for referral in refs.referrals:
        people = known.referrals.get(referral) or graph.referral(referral)
        if people is not None:
            context.referrals[referral] = people
    for iid in refs.introductions:
        made = graph.made_introduction(iid)
        if made is not None:
            context.introductions[iid] = made
    ties = {*refs.ties, *(c.relationship for c in context.claims.values()),
            *(str(relationship_id(i.a, i.b)) for i in context.introductions.values())}
    for rel in sorted(ties):
        shares = graph.tie_shares(rel)
        if shares is not None:
            a, b, open_a, open_b = shares
            context.pairs.setdefault(rel, (a, b))
            context.open[rel] = {a: open_a, b: open_b}
    between = {}
    for rel, (a, b) in sorted(batching.pairs_named(events, context).items()):
        if rel in ties and rel not in context.open:
            found = graph.tie_between(a, b)
            if found is not None:
                between[rel] = found
    batching.carry(context, batching.touched(events, context, ties), between)
    return context


def _learn(known: batching.Context, context: batching.Context) -> None:
    """`ContextCache.learn`: unconfirmed claims stay known, confirmed ones are done."""
    for eid, claim in context.claims.items():
        if claim.confirmed:
            known.claims.pop(eid, None)
        else:
            known.claims[eid] = replace(claim)
    known.referrals.update(context.referrals)


MERGED_TOPIC = "domain.person:Person.PersonMerged"


def merges(app: Application[Any], head: int) -> dict[str, str]:
    """Every merge up to `head`: duplicate → the person it was merged into (one indexed
    read by topic)."""
    into: dict[str, str] = {}
    position = 0
    while position < head:
        found = app.recorder.select_notifications(start=position + 1, limit=1000, stop=head,
                                                  topics=[MERGED_TOPIC])
        if not found:
            break
        for _, event in decode(app, found):
            if event is not None:
                into[str(event.originator_id)] = str(event.into)
        position = found[-1].id
    return into


def _final(into: dict[str, str]) -> Callable[[str], str]:
    """The person an id ends up as once every merge of the log is applied."""
    def final(pid: str) -> str:
        while pid in into:
            pid = into[pid]
        return pid
    return final


def fold(app: Application[Any], folder: Path, rebuild_id: str, *, batch_size: int = 5000,
         settings: ScoringSettings = DEFAULT, name: str | None = None,
         progress: Progress | None = None) -> Folded:
    """Write the import files for the event store up to its head now into `folder`."""
    head = app.recorder.max_notification_id() or 0
    writer = CsvWriter(folder)
    # Final edges are written as they come, between the people they connect then; a later
    # merge re-points them (people_merged.cypher), so they go between the people their ends
    # are merged into by the head, and not at all once both ends are one person.
    final = _final(merges(app, head))

    def sink(kind: str, start: str, end: str, props: dict[str, Any]) -> None:
        start_space, end_space = ENDS.get(kind, ("Person", "Person"))
        if start_space == end_space == "Person":
            start, end = final(start), final(end)
            if start == end:
                return
        writer.relationship(kind, start_space, start, end_space, end, props)

    spool = _MetSpool(folder)
    graph = MemoryGraph(sink, spool.add)
    known = batching.Context()
    position, shown, last_recorded = 0, 0, None
    while position < head:
        fetched = app.recorder.select_notifications(
            start=position + 1, limit=min(batch_size, head - position))
        if not fetched:
            break
        decoded = batching.through_first_merge(decode(app, fetched))  # as the projector
        events = [event for _, event in decoded if event is not None]
        context = _context(graph, known, events)
        for stage, rows in batching.plan_in_memory(events, context, settings):
            graph.apply(stage, rows)
        graph.end_batch()
        _learn(known, context)
        if events and type(events[-1]).__name__ == "PersonMerged":
            known = batching.Context()  # what it knew of the duplicate is the survivor's now
        position, shown = decoded[-1][0].id, shown + len(events)
        if events:
            last_recorded = getattr(events[-1], "timestamp", None)
        if progress is not None:
            progress(position, head)
    graph.finish()
    for edge in spool.drain():
        sink("MET", edge.start, edge.end, graph.erase_met(edge))
    _write_the_rest(writer, graph)
    writer.node("ProjectionPosition", None, None,
                {"name": name or app.name, "position": position, "recorded_at": last_recorded})
    now = datetime.now(tz=UTC)
    writer.node("GraphRebuild", None, None,
                {"name": "graph", "active": False, "rebuild_id": rebuild_id,
                 "started_at": now, "heartbeat_at": now, "ended_at": now})
    return Folded(writer.close(), position, shown, rebuild_id)


def _write_the_rest(writer: CsvWriter, graph: MemoryGraph) -> None:
    """The nodes and the relationships that could change until the last event."""
    for props in graph.people.values():
        writer.node("Person", "Person", "id", props)
    for org in sorted({org for orgs in graph.works_at.values() for org in orgs}):
        writer.node("Organization", "Organization", "name", {"name": org})
    for pid, orgs in graph.works_at.items():
        for org in orgs:
            writer.relationship("WORKS_AT", "Person", pid, "Organization", org, {})
    for props in graph.groups.values():
        writer.node("Group", "Group", "id", props)
    for (pid, gid), props in graph.members.items():
        writer.relationship("MEMBER_OF", "Person", pid, "Group", gid, props)
    for (member, client, _), edges in graph.concierges.items():
        for props in edges:
            writer.relationship("CONCIERGE_FOR", "Person", member, "Person", client, props)
    for tie in graph.ties.values():
        writer.relationship("KNOWS", "Person", tie.start, "Person", tie.end, tie.props)
    for edge in graph.referred.values():
        writer.relationship("REFERRED", "Person", edge.start, "Person", edge.end, edge.props)
    for iid, props in graph.introductions.items():
        writer.node("Introduction", "Introduction", "id", props)
        for pid in graph.brokers.get(iid, []):
            writer.relationship("BY", "Introduction", iid, "Person", pid, {})
        for pid in graph.introduced.get(iid, []):
            writer.relationship("OF", "Introduction", iid, "Person", pid, {})
