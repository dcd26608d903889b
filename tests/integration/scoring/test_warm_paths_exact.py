"""warmIntroductions is exact: on random networks its top-k equals a brute-force
enumeration of every simple path with networkx, now and as of a past instant (the search
alone: tests/unit/reads/test_top_paths.py)."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime, timedelta

import networkx as nx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from scoring_network import Network

from reads.paths import warm_introductions

pytestmark = pytest.mark.neo4j

START = datetime(2024, 1, 1, tzinfo=UTC)
ORGS = ["Acme", "Globex", None]
TAGS = ["fintech", "law"]


@st.composite
def networks(draw: st.DrawFn, max_people: int = 60) -> Network:
    net = Network()
    n = draw(st.integers(2, max_people))
    for i in range(n):
        net.person(f"p{i:02d}", accepts=draw(st.integers(0, 9)) > 1,
                   forgotten=i > 0 and draw(st.integers(0, 9)) == 0,
                   tags=tuple(t for t in TAGS if draw(st.integers(0, 3)) == 0),
                   organization=draw(st.sampled_from(ORGS)))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    edges = draw(st.lists(pairs, min_size=n, max_size=min(3 * n, 150)))
    edges += [(0, y) for y in draw(st.lists(st.integers(1, n - 1), min_size=1, max_size=4))]
    for x, y in set(edges):
        if x == y:
            continue
        a, b = f"p{x:02d}", f"p{y:02d}"
        for _ in range(draw(st.integers(1, 3))):
            at = START + timedelta(days=draw(st.integers(0, 500)))
            kind = draw(st.sampled_from(["met", "helped", "helped", "referred", "introduced"]))
            if kind == "met":
                net.met(a, b, at, confirmed=draw(st.booleans()))
            elif kind == "helped":
                giver, receiver = (a, b) if draw(st.booleans()) else (b, a)
                help_ = net.helped(giver, receiver, at, confirmed=draw(st.booleans()))
                if draw(st.booleans()):
                    net.thanked(receiver, giver, at + timedelta(days=draw(st.integers(0, 60))),
                                help_)
            elif kind == "referred":
                net.referred(a, b, at)
            else:
                net.introduced(f"p{(x + y) % n:02d}", a, b, at)
    return net


def brute_force(net: Network, source: str, targets: set[str], max_hops: int, limit: int,
                at: datetime) -> list[float]:
    graph = nx.Graph()
    alive = {p for p, row in net.people.items() if not row["forgotten"]}
    graph.add_nodes_from(alive)
    for a, b in net.ledger:
        if a in alive and b in alive and net.warmth(a, b, at) > 0:
            graph.add_edge(a, b, warmth=net.warmth(a, b, at))
    brokers = {p for p in alive if net.people[p]["accepts"]}
    warmths = []
    for target in targets & alive - {source}:
        for path in nx.all_simple_paths(graph, source, target, cutoff=max_hops):
            if all(p in brokers for p in path[1:-1]):
                warmths.append(math.prod(graph.edges[u, v]["warmth"]
                                         for u, v in itertools.pairwise(path)))
    return sorted(warmths, reverse=True)[:limit]


def targets_of(net: Network, kind: str, value: str) -> set[str]:
    if kind == "person":
        return {value}
    if kind == "organization":
        return {p for p, row in net.people.items() if row["organization"] == value}
    return {p for p, row in net.people.items() if value in row["tags"]}


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    net=networks(),
    target=st.one_of(st.tuples(st.just("person"), st.integers(1, 59).map(lambda i: f"p{i:02d}")),
                     st.tuples(st.just("organization"), st.sampled_from(["Acme", "Globex"])),
                     st.tuples(st.just("tag"), st.sampled_from(TAGS))),
    max_hops=st.integers(1, 4),
    limit=st.integers(1, 8),
    as_of_day=st.one_of(st.none(), st.integers(0, 560)),
)
def test_top_k_equals_brute_force(run, net, target, max_hops, limit, as_of_day) -> None:
    run.load(net)
    as_of = None if as_of_day is None else START + timedelta(days=as_of_day, hours=12)
    kind, value = target
    answer = run(warm_introductions, "p00", value, kind, max_hops, limit, as_of)
    expected = brute_force(net, "p00", targets_of(net, kind, value), max_hops, limit,
                           answer.at)
    got = [path.warmth for path in answer.paths]
    event(f"paths={min(len(got), 3)} hops={max((len(p.hops) for p in answer.paths), default=0)}")
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert math.isclose(g, e, rel_tol=1e-9)
    targets = targets_of(net, kind, value)
    for path in answer.paths:
        assert path.people[0] == "p00" and path.people[-1] in targets
        assert len(set(path.people)) == len(path.people) <= max_hops + 1
        assert all(net.people[p]["accepts"] and not net.people[p]["forgotten"]
                   for p in path.people[1:-1])
        assert math.isclose(path.warmth, math.prod(net.warmth(h.source, h.target, answer.at)
                                                   for h in path.hops), rel_tol=1e-9)
        assert all(h.explanation for h in path.hops)
    assert len({path.people for path in answer.paths}) == len(answer.paths)
