"""A canonical hash of the graph: nodes, relationships and their properties, independent of
Neo4j's internal ids and of the order things were created in. Two graphs with the same
hash hold the same facts — that is how rebuild = incremental is checked."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from neo4j import Driver
from neo4j.time import Date, DateTime, Duration, Time

import cypher
from graph.errors import graph_errors
from graph.sessions import open_session


def _plain(value: Any) -> Any:
    """Property values as JSON-stable data (temporal values as ISO text, in UTC)."""
    if isinstance(value, DateTime):
        native = value.to_native()
        if native.tzinfo is not None:
            native = native.astimezone(UTC)
        return {"datetime": native.isoformat()}
    if isinstance(value, Date | Time | Duration):
        return {type(value).__name__.lower(): str(value)}
    if isinstance(value, float):
        return {"float": value.hex()}  # exact: no rounding hides a difference
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in sorted(value.items())}
    return value


@dataclass(frozen=True)
class Node:
    labels: tuple[str, ...]
    key: str  # id, or name for organizations
    props: dict[str, Any]


@dataclass(frozen=True)
class Rel:
    type: str
    source: str  # key of the start node
    target: str
    props: dict[str, Any]


@dataclass(frozen=True)
class Graph:
    """The whole graph as plain data (temporal values as Python datetimes)."""

    nodes: list[Node]
    relationships: list[Rel]

    def node(self, key: str) -> Node:
        return next(n for n in self.nodes if n.key == key)

    def rels(self, type_: str, source: str | None = None, target: str | None = None) -> list[Rel]:
        return [r for r in self.relationships if r.type == type_
                and source in (None, r.source) and target in (None, r.target)]


def _native(value: Any) -> Any:
    if isinstance(value, DateTime):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    return value


def read_graph(driver: Driver, database: str = "neo4j") -> Graph:
    with graph_errors(), open_session(driver, database) as session:
        nodes = [Node(tuple(sorted(r["labels"])), r["key"],
                      {k: _native(v) for k, v in r["props"].items()})
                 for r in session.run(cypher.load("projection/canonical_nodes"))]
        rels = [Rel(r["type"], r["source"], r["target"],
                    {k: _native(v) for k, v in r["props"].items()})
                for r in session.run(cypher.load("projection/canonical_relationships"))]
    return Graph(nodes, rels)


@dataclass(frozen=True)
class GraphSnapshot:
    nodes: list[str]
    relationships: list[str]

    @property
    def digest(self) -> str:
        h = hashlib.sha256()
        for line in (*self.nodes, "--", *self.relationships):
            h.update(line.encode())
            h.update(b"\n")
        return h.hexdigest()


def _line(data: Any) -> str:
    return json.dumps(_plain(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def snapshot(driver: Driver, database: str = "neo4j") -> GraphSnapshot:
    """The graph as sorted canonical lines (kept for readable diffs when hashes differ)."""
    with graph_errors(), open_session(driver, database) as session:
        nodes = sorted(
            _line({"labels": sorted(r["labels"]), "key": r["key"], "props": r["props"]})
            for r in session.run(cypher.load("projection/canonical_nodes"))
        )
        relationships = sorted(
            _line({"type": r["type"], "source": [sorted(r["source_labels"]), r["source"]],
                   "target": [sorted(r["target_labels"]), r["target"]], "props": r["props"]})
            for r in session.run(cypher.load("projection/canonical_relationships"))
        )
    return GraphSnapshot(nodes, relationships)


def graph_hash(driver: Driver, database: str = "neo4j") -> str:
    return snapshot(driver, database).digest
