"""The benchmarks wipe the graph they measure (Community has one database), so they use only
a graph of their own: an empty one, or one they marked `(:BenchmarkGraph)` after filling
it. Any other graph at NEO4J_URI — the one the API serves, say — is refused unless the run
is told `--wipe-graph`."""

from __future__ import annotations

import sys
from typing import Any

from bench import machine
from graph.sessions import open_session


class ForeignGraph(RuntimeError):
    def __init__(self, uri: str) -> None:
        super().__init__(
            f"The graph at {uri} holds data the benchmarks did not create, and they wipe the "
            "graph they measure. Point NEO4J_URI at a server for benchmarks (an empty one "
            "will do), or pass --wipe-graph to wipe this one.")


def claim(driver: Any, uri: str, *, wipe_anyway: bool = False) -> None:
    """Raise ForeignGraph unless the graph is empty or the benchmarks' own."""
    with open_session(driver) as session:  # on an empty graph the labels are unknown: quiet
        ours = session.run(machine.statement("graph_is_ours")).single(strict=True)["ours"]
    if not ours and not wipe_anyway:
        raise ForeignGraph(uri)
    mark(driver)


def mark(driver: Any) -> None:
    with open_session(driver) as session:
        session.run(machine.statement("graph_mark")).consume()


def claimed(wipe_anyway: bool = False) -> Any | None:
    """A driver on the graph at NEO4J_URI once it is claimed for the benchmarks (empty or
    theirs, or `wipe_anyway`); None when it holds other data, the refusal said on stderr.
    The caller closes the driver."""
    import config
    from graph.connection import connect

    neo4j = config.load().neo4j
    driver = connect(neo4j)
    try:
        claim(driver, neo4j.uri, wipe_anyway=wipe_anyway)
    except ForeignGraph as refused:
        driver.close()
        print(refused, file=sys.stderr)
        return None
    return driver
