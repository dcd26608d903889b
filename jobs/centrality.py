"""The influence job's graph maths on integer-indexed arrays: trust-weighted PageRank (numpy
power iteration) and brokerage (betweenness through igraph's C core).

People are numbered 0..n-1 in the order of their sorted ids, so the sampled pivots of
`betweenness` depend only on the seed and the set of people, never on the order the graph
returned them in. Pure Python (networkx) took minutes at 100k people; these take seconds.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import igraph
import numpy as np

from scoring.strength import ScoringSettings

Step = Callable[[int, int], None]  # (done, total)
# Betweenness runs in about CALLS igraph calls (each a share of the sources, the sums add
# up), so that progress can be shown; at least PIVOTS_PER_CALL sources a call.
CALLS = 16
PIVOTS_PER_CALL = 8


def _quiet(done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class TieArrays:
    """Ties as parallel arrays: endpoints a, b (person indices), strength and the decayed
    giving each way (a→b, b→a)."""

    a: np.ndarray
    b: np.ndarray
    strength: np.ndarray
    given_ab: np.ndarray
    given_ba: np.ndarray

    @classmethod
    def of(cls, a: list[int], b: list[int], strength: list[float], given_ab: list[float],
           given_ba: list[float]) -> TieArrays:
        return cls(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64),
                   np.asarray(strength, dtype=np.float64),
                   np.asarray(given_ab, dtype=np.float64),
                   np.asarray(given_ba, dtype=np.float64))

    def live(self, n: int) -> TieArrays:
        """Only ties with strength > 0 between two of the n people (the others carry
        nothing: no trust to pass on, no path to lie on)."""
        keep = ((self.strength > 0.0) & (self.a >= 0) & (self.a < n)
                & (self.b >= 0) & (self.b < n))
        return TieArrays(self.a[keep], self.b[keep], self.strength[keep],
                         self.given_ab[keep], self.given_ba[keep])


def pagerank(n: int, ties: TieArrays, settings: ScoringSettings) -> np.ndarray:
    """Trust-weighted PageRank by power iteration; sums to 1 over the n people.

    The surfer at a moves to b with weight `s · (c + g_ba) / (2c + g_ab + g_ba)`; dangling
    mass spreads evenly; stops when the L1 change is below `tolerance · n`."""
    if n == 0:
        return np.zeros(0)
    ties = ties.live(n)
    c = settings.reciprocity_prior
    share = ties.strength / (2 * c + ties.given_ab + ties.given_ba)
    source = np.concatenate([ties.a, ties.b])
    target = np.concatenate([ties.b, ties.a])
    weight = np.concatenate([share * (c + ties.given_ba), share * (c + ties.given_ab)])
    totals = np.bincount(source, weights=weight, minlength=n)
    dangling = totals == 0.0
    # the share of each step's rank that follows each edge: w / total of its source
    fraction = weight / np.where(dangling, 1.0, totals)[source]
    d = settings.pagerank_damping
    rank = np.full(n, 1.0 / n)
    for _ in range(settings.pagerank_max_iterations):
        base = (1.0 - d) / n + d * rank[dangling].sum() / n
        new = base + d * np.bincount(target, weights=rank[source] * fraction, minlength=n)
        delta = np.abs(new - rank).sum()
        rank = new
        if delta < settings.pagerank_tolerance * n:
            break
    return rank


def _graph(n: int, ties: TieArrays) -> igraph.Graph:
    """The simple undirected graph of the live ties (a pair tied twice counts once)."""
    ties = ties.live(n)
    low, high = np.minimum(ties.a, ties.b), np.maximum(ties.a, ties.b)
    pairs = np.unique(np.stack([low, high], axis=1)[low != high], axis=0)
    return igraph.Graph(n=n, edges=pairs.tolist(), directed=False)


def pivots(n: int, settings: ScoringSettings) -> list[int] | None:
    """The sampled sources, or None when betweenness is computed exactly (at most
    `betweenness_exact_max_nodes` people, or no fewer people than samples). The same
    draw as networkx's `betweenness_centrality(k=…, seed=…)` on nodes in index order."""
    if n <= settings.betweenness_exact_max_nodes or settings.betweenness_samples >= n:
        return None
    return random.Random(settings.betweenness_seed).sample(range(n), settings.betweenness_samples)


def betweenness(n: int, ties: TieArrays, settings: ScoringSettings, step: Step = _quiet
                ) -> tuple[np.ndarray, bool]:
    """Normalised betweenness over the ties (unweighted shortest paths, endpoints
    excluded), and whether it is exact.

    Exact: Σ over pairs s≠t of σ_st(v)/σ_st, divided by (n−1)(n−2) ordered pairs. Sampled
    from k pivots S: the same sum with s ∈ S only, divided by k(n−2), or (k−1)(n−2) for a
    pivot itself (it cannot lie on its own paths) — networkx ≥ 3.5's estimator."""
    if n <= 2:
        return np.zeros(n), True
    graph = _graph(n, ties)
    sampled = pivots(n, settings)
    sources = list(range(n)) if sampled is None else sampled
    # igraph counts an undirected path once per unordered pair: ×2 gives ordered (s, t)
    ordered = np.zeros(n)
    size = max(PIVOTS_PER_CALL, len(sources) // CALLS)
    for start in range(0, len(sources), size):
        step(start, len(sources))
        chunk = sources[start:start + size]
        ordered += 2.0 * np.asarray(graph.betweenness(directed=False, sources=chunk))
    step(len(sources), len(sources))
    if sampled is None:
        # every source: each ordered pair (s, t) was counted from s only once
        return ordered / ((n - 1) * (n - 2)), True
    k = len(sampled)
    scale = np.full(n, 1.0 / (k * (n - 2)))
    scale[sampled] = 1.0 / ((k - 1) * (n - 2)) if k > 1 else 0.0
    return ordered * scale, False
