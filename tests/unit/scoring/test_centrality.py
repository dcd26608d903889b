"""The influence job's maths on arrays agrees with the reference implementations: brokerage
with networkx's betweenness (exact, and sampled from the same seeded pivots), PageRank
with a plain power iteration over dictionaries."""

from __future__ import annotations

import random
from dataclasses import replace

import networkx as nx
import numpy as np
import pytest

from jobs.centrality import TieArrays, betweenness, pagerank, pivots
from jobs.influence import WeightedTie, brokerage
from jobs.influence import pagerank as pagerank_by_id
from scoring.strength import DEFAULT, ScoringSettings


def random_ties(n: int, m: int, seed: int) -> TieArrays:
    """m ties among n people, with repeats, self-ties and zero strengths mixed in."""
    rng = random.Random(seed)
    rows = [(rng.randrange(n), rng.randrange(n), rng.choice([0.0, rng.random()]),
             rng.choice([0.0, rng.random() * 5]), rng.choice([0.0, rng.random() * 5]))
            for _ in range(m)]
    return TieArrays.of(*([r[i] for r in rows] for i in range(5)))


def networkx_betweenness(n: int, ties: TieArrays, k: int | None, seed: int) -> np.ndarray:
    graph = nx.Graph()
    graph.add_nodes_from(range(n))  # in index order: the pivots are drawn from this list
    graph.add_edges_from((int(a), int(b)) for a, b, s in zip(ties.a, ties.b, ties.strength,
                                                             strict=True)
                         if s > 0.0 and a != b)
    values = nx.betweenness_centrality(graph, k=k, normalized=True, seed=seed)
    return np.array([values[v] for v in range(n)])


@pytest.mark.parametrize(("n", "m", "seed"), [(3, 3, 0), (12, 30, 1), (60, 150, 2),
                                              (200, 400, 3), (400, 2000, 4)])
def test_exact_betweenness_equals_networkx(n: int, m: int, seed: int) -> None:
    ties = random_ties(n, m, seed)
    values, exact = betweenness(n, ties, DEFAULT)
    assert exact
    assert values == pytest.approx(networkx_betweenness(n, ties, None, 0), abs=1e-12)


@pytest.mark.parametrize(("n", "m", "seed"), [(50, 120, 5), (300, 900, 6), (800, 4000, 7)])
def test_sampled_betweenness_equals_networkx_from_the_same_pivots(n: int, m: int,
                                                                   seed: int) -> None:
    settings = replace(DEFAULT, betweenness_exact_max_nodes=20, betweenness_samples=16,
                       betweenness_seed=seed)
    ties = random_ties(n, m, seed)
    values, exact = betweenness(n, ties, settings)
    assert not exact
    reference = networkx_betweenness(n, ties, settings.betweenness_samples, seed)
    assert values == pytest.approx(reference, abs=1e-12)


def test_pivots_depend_on_the_seed_only() -> None:
    settings = replace(DEFAULT, betweenness_exact_max_nodes=10, betweenness_samples=5)
    assert pivots(100, settings) == pivots(100, settings)
    assert pivots(100, settings) != pivots(100, replace(settings, betweenness_seed=8))
    assert pivots(10, settings) is None  # at most the threshold: exact
    assert pivots(11, replace(settings, betweenness_samples=11)) is None  # every node


def test_brokerage_by_id_does_not_depend_on_the_order_people_come_in() -> None:
    settings = replace(DEFAULT, betweenness_exact_max_nodes=5, betweenness_samples=4)
    people = [f"p{i:02d}" for i in range(30)]
    rng = random.Random(3)
    ties = [WeightedTie(rng.choice(people), rng.choice(people), 0.5, 0.0, 0.0) for _ in range(80)]
    first, exact = brokerage(people, ties, settings)
    second, _ = brokerage(list(reversed(people)), list(reversed(ties)), settings)
    assert not exact
    assert first == second


def reference_pagerank(n: int, ties: TieArrays, settings: ScoringSettings) -> list[float]:
    """The job's PageRank as a plain power iteration over dictionaries."""
    out: list[dict[int, float]] = [{} for _ in range(n)]
    c = settings.reciprocity_prior
    for a, b, s, gab, gba in zip(ties.a.tolist(), ties.b.tolist(), ties.strength.tolist(),
                                 ties.given_ab.tolist(), ties.given_ba.tolist(), strict=True):
        if s <= 0.0:
            continue
        share = s / (2 * c + gab + gba)
        out[a][b] = out[a].get(b, 0.0) + share * (c + gba)
        out[b][a] = out[b].get(a, 0.0) + share * (c + gab)
    totals = [sum(targets.values()) for targets in out]
    d = settings.pagerank_damping
    rank = [1.0 / n] * n
    for _ in range(settings.pagerank_max_iterations):
        dangling = sum(rank[v] for v in range(n) if totals[v] == 0.0)
        new = [(1.0 - d) / n + d * dangling / n] * n
        for v, targets in enumerate(out):
            for u, w in targets.items():
                new[u] += d * rank[v] / totals[v] * w
        delta = sum(abs(x - y) for x, y in zip(new, rank, strict=True))
        rank = new
        if delta < settings.pagerank_tolerance * n:
            break
    return rank


@pytest.mark.parametrize(("n", "m", "seed"), [(1, 0, 0), (5, 4, 1), (40, 100, 2),
                                              (300, 1500, 3)])
def test_pagerank_equals_the_reference_power_iteration(n: int, m: int, seed: int) -> None:
    ties = random_ties(n, m, seed)
    rank = pagerank(n, ties, DEFAULT)
    assert rank.sum() == pytest.approx(1.0)
    assert rank == pytest.approx(reference_pagerank(n, ties, DEFAULT), abs=1e-12)


def test_pagerank_by_id_flows_towards_the_giver() -> None:
    ties = [WeightedTie("giver", "taker", 0.5, 4.0, 0.0), WeightedTie("giver", "c", 0.5, 0.0, 0.0),
            WeightedTie("taker", "c", 0.5, 0.0, 0.0)]
    rank = pagerank_by_id(["taker", "giver", "c"], ties)
    assert rank["giver"] > rank["c"] > rank["taker"]
    assert sum(rank.values()) == pytest.approx(1.0)
