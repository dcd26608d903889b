"""The warm-path search (`reads.paths.top_paths`) on its own: the top-k warmest simple paths
on small hand-made graphs, equal warmths in a fixed order, `max_hops` and opted-out brokers
respected, and the same answer as a brute-force enumeration on small random graphs."""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reads.paths import top_paths
from scoring.order import rank

Graph = dict[str, dict[str, float]]


def undirected(*edges: tuple[str, str, float]) -> Graph:
    graph: Graph = {}
    for a, b, w in edges:
        graph.setdefault(a, {})[b] = w
        graph.setdefault(b, {})[a] = w
    return graph


# s — a — t, s — b — t, s — c — d — t, and s — t directly
DIAMOND = undirected(("s", "a", 0.9), ("a", "t", 0.8), ("s", "b", 0.5), ("b", "t", 0.5),
                     ("s", "c", 0.99), ("c", "d", 0.99), ("d", "t", 0.99), ("s", "t", 0.1))
EVERYONE = {"a", "b", "c", "d"}


def test_warmest_first_within_the_limit() -> None:
    found = top_paths(DIAMOND, "s", {"t"}, EVERYONE, 3, 10)
    assert [path for _, path in found] == [("s", "c", "d", "t"), ("s", "a", "t"),
                                           ("s", "b", "t"), ("s", "t")]
    assert [w for w, _ in found] == pytest.approx([0.99 ** 3, 0.72, 0.25, 0.1])
    assert top_paths(DIAMOND, "s", {"t"}, EVERYONE, 3, 2) == found[:2]


def test_max_hops_is_respected() -> None:
    found = top_paths(DIAMOND, "s", {"t"}, EVERYONE, 2, 10)
    assert [path for _, path in found] == [("s", "a", "t"), ("s", "b", "t"), ("s", "t")]
    assert top_paths(DIAMOND, "s", {"t"}, EVERYONE, 1, 10) == [(0.1, ("s", "t"))]


def test_brokers_who_opted_out_are_never_in_between() -> None:
    found = top_paths(DIAMOND, "s", {"t"}, {"b", "c"}, 3, 10)  # a and d opted out
    assert [path for _, path in found] == [("s", "b", "t"), ("s", "t")]
    # a target need not accept introductions: it is the end, not a broker
    assert top_paths(undirected(("s", "a", 0.5), ("a", "t", 0.5)), "s", {"t"}, {"a"}, 2,
                     5) == [(0.25, ("s", "a", "t"))]


def test_paths_are_simple_and_never_pass_through_the_source() -> None:
    loop = undirected(("s", "a", 0.9), ("a", "b", 0.9), ("b", "s", 0.9), ("b", "t", 0.9))
    found = top_paths(loop, "s", {"t"}, {"a", "b", "s"}, 4, 10)
    assert [path for _, path in found] == [("s", "b", "t"), ("s", "a", "b", "t")]


def test_several_targets_and_the_source_among_them() -> None:
    found = top_paths(DIAMOND, "s", {"s", "a", "t"}, EVERYONE, 2, 3)
    # a target may also broker on to another target; the source is never a target
    assert found == [(0.9, ("s", "a")), (pytest.approx(0.72), ("s", "a", "t")),
                     (0.25, ("s", "b", "t"))]


def test_nothing_to_find() -> None:
    assert top_paths(DIAMOND, "s", {"s"}, EVERYONE, 3, 5) == []  # only the source itself
    assert top_paths(DIAMOND, "s", {"nobody"}, EVERYONE, 3, 5) == []
    assert top_paths(DIAMOND, "s", {"t"}, EVERYONE, 0, 5) == []
    assert top_paths(DIAMOND, "s", {"t"}, EVERYONE, 3, 0) == []


def test_equal_warmths_come_out_in_a_fixed_order() -> None:
    # four brokers, every path s — x — t of warmth exactly 0.25
    edges = [(x, side, 0.5) for x in "pqrs" for side in ("src", "dst")]
    expected = [(0.25, ("src", x, "dst")) for x in "pqrs"]  # by path, then
    for seed in range(5):
        shuffled = edges[:]
        random.Random(seed).shuffle(shuffled)
        graph = undirected(*shuffled)
        assert top_paths(graph, "src", {"dst"}, set("pqrs"), 2, 10) == expected
        assert top_paths(graph, "src", {"dst"}, set("pqrs"), 2, 2) == expected[:2]


def brute_force(graph: nx.Graph, source: int, targets: set[int], brokers: set[int],
                max_hops: int) -> list[tuple[float, tuple[int, ...]]]:
    if source not in graph:
        return []
    found = []
    for target in targets - {source}:
        if target not in graph:
            continue
        for path in nx.all_simple_paths(graph, source, target, cutoff=max_hops):
            if all(x in brokers for x in path[1:-1]):
                warmth = math.prod(graph.edges[u, v]["w"] for u, v in itertools.pairwise(path))
                found.append((warmth, tuple(path)))
    return sorted(found, key=lambda found_: -found_[0])


@settings(max_examples=300, deadline=None)
@given(
    edges=st.dictionaries(st.tuples(st.integers(0, 12), st.integers(0, 12)),
                          st.floats(0.01, 0.99), max_size=50),
    brokers=st.sets(st.integers(0, 12)),
    targets=st.sets(st.integers(0, 12), min_size=1, max_size=4),
    max_hops=st.integers(1, 4),
    limit=st.integers(1, 10),
    seed=st.integers(0, 3),
)
def test_equals_brute_force_on_random_graphs(edges, brokers, targets, max_hops, limit,
                                             seed) -> None:
    graph = nx.Graph()
    for (x, y), w in edges.items():
        if x != y:
            graph.add_edge(x, y, w=w)
    adjacency = {u: {v: d["w"] for v, d in graph[u].items()} for u in graph}
    got = top_paths(adjacency, 0, targets, brokers, max_hops, limit)
    expected = brute_force(graph, 0, targets, brokers, max_hops)
    assert [w for w, _ in got] == pytest.approx([w for w, _ in expected[:limit]], rel=1e-12)
    every = {path: warmth for warmth, path in expected}
    for warmth, path in got:  # each one a qualifying path, with its own warmth
        assert path in every and warmth == pytest.approx(every[path], rel=1e-12)
    assert len({path for _, path in got}) == len(got)
    # the answer does not depend on the order the neighbours come in
    order = random.Random(seed)
    shuffled = {u: dict(order.sample(sorted(vs.items()), len(vs)))
                for u, vs in order.sample(sorted(adjacency.items()), len(adjacency))}
    assert top_paths(shuffled, 0, targets, brokers, max_hops, limit) == got


def test_equal_warmths_rank_by_ids_however_they_were_found() -> None:
    # s — a — t and s — a — b — t, both of warmth 0.1 · 0.1 = 0.1 · 0.2 · 0.5
    graph = undirected(("s", "a", 0.1), ("a", "b", 0.2), ("a", "t", 0.1), ("b", "t", 0.5))
    found = top_paths(graph, "s", {"t"}, {"a", "b"}, 3, 2)
    assert [path for _, path in found] == [("s", "a", "b", "t"), ("s", "a", "t")]
    assert top_paths(graph, "s", {"t"}, {"a", "b"}, 3, 1) == found[:1]
    # products in another order: equal as they rank, though not as floats
    assert 0.1 * 0.2 * 0.3 != 0.3 * 0.2 * 0.1
    noisy = undirected(("s", "a", 0.1), ("a", "b", 0.2), ("b", "t", 0.3),
                       ("s", "c", 0.3), ("c", "d", 0.2), ("d", "t", 0.1))
    assert [path for _, path in top_paths(noisy, "s", {"t"}, set("abcd"), 3, 2)] == \
        [("s", "a", "b", "t"), ("s", "c", "d", "t")]


@settings(max_examples=200, deadline=None)
@given(
    edges=st.dictionaries(st.tuples(st.integers(0, 8), st.integers(0, 8)),
                          st.sampled_from([0.1, 0.2, 0.3, 0.5]), max_size=30),
    max_hops=st.integers(1, 4),
    limit=st.integers(1, 8),
)
def test_a_longer_limit_only_adds_paths_at_the_end(edges, max_hops, limit) -> None:
    """With many equal warmths: pages cut from the answer never repeat or skip a path."""
    graph = nx.Graph()
    for (x, y), w in edges.items():
        if x != y:
            graph.add_edge(x, y, w=w)
    adjacency = {u: {v: d["w"] for v, d in graph[u].items()} for u in graph}
    brokers = set(range(9))
    everything = top_paths(adjacency, 0, {8}, brokers, max_hops, 10_000)
    assert everything == sorted(everything, key=lambda found: (-rank(found[0]), found[1]))
    assert top_paths(adjacency, 0, {8}, brokers, max_hops, limit) == everything[:limit]
    expected = brute_force(graph, 0, {8}, brokers, max_hops)
    assert sorted(path for _, path in everything) == sorted(path for _, path in expected)
