"""Every place the product opens a Neo4j session or runs a statement says whether it reads
or writes: on a cluster (`neo4j://`) the driver sends READ work to followers and the rest
to the leader, so a read left in the default (WRITE) mode loads the leader, and a new
session must be classified here. The integration test tests/integration/api/
test_cluster_routing.py proves the API's reads really run as READ."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("api", "graph", "jobs", "projector", "reads", "scoring")
OPENERS = {"session", "open_session", "execute_query", "begin_transaction"}

# Sessions in WRITE mode on purpose, by module and function: the leader's work.
WRITERS = {
    ("graph/sessions.py", "open_session"): "the projection's sessions (batches, position)",
    ("graph/connection.py", "apply_schema"): "constraints and indexes",
    ("graph/rebuild_marker.py", "_run"): "the rebuild marker: begin, heartbeat, end",
    ("graph/rebuild_marker.py", "state"): "the rebuilding writer reads its own marker",
    ("jobs/influence.py", "write"): "the influence job's scores",
    ("projector/projector.py", "ensure_schema"): "schema before projecting",
    ("projector/projector.py", "_apply"): "a batch and its position, in one transaction",
    ("projector/projector.py", "wipe"): "a rebuild's wipe",
    ("projector/tracking.py", "max_tracking_id"): "the projector's own position: the leader "
                                                   "has its latest commit, a follower may not",
    ("projector/canonical.py", "read_graph"): "compared right after the projector's own "
                                              "writes: the leader has them",
    ("projector/canonical.py", "snapshot"): "as read_graph",
    ("projector/offline/rebuild.py", "_check"): "the offline rebuild's new store: schema, "
                                                "then its size",
}
# Sessions that set READ themselves (`default_access_mode=READ_ACCESS`).
READERS = {
    ("graph/reads.py", "result"): "every read of the API, the CLI and the graph jobs",
    ("graph/rebuild_marker.py", "_look"): "the API's look at the rebuild marker",
}


def called(call: ast.Call) -> str | None:
    """The name a call calls: `session` in `driver.session(…)`, `open_session(…)`."""
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else None


def openings() -> set[tuple[str, str]]:
    """(module, enclosing function) of every call that opens a session or runs a query."""
    found: set[tuple[str, str]] = set()
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.Call) and called(node) in OPENERS:
                        found.add((str(path.relative_to(ROOT)), function.name))
    return found


def test_every_session_is_classified_as_a_read_or_a_write() -> None:
    unclassified = openings() - set(WRITERS) - set(READERS)
    assert not unclassified, ("classify these Neo4j sessions as READERS (READ_ACCESS) or "
                              f"WRITERS: {sorted(unclassified)}")


def test_the_readers_set_read_access() -> None:
    for module, function in READERS:
        source = ast.get_source_segment(
            text := (ROOT / module).read_text(encoding="utf-8"),
            next(node for node in ast.walk(ast.parse(text))
                 if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                 and node.name == function))
        assert source is not None
        assert "READ_ACCESS" in source or "_session_options" in source, (module, function)
    reads = (ROOT / "graph/reads.py").read_text(encoding="utf-8")
    assert '"default_access_mode": READ_ACCESS' in reads
