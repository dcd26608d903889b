"""Influence job: trust-weighted PageRank, brokerage (betweenness) and giving balance of
every person, read from the graph by Cypher (`jobs.influence_read`), computed on
arrays (`jobs.centrality`: numpy and igraph), written back onto Person nodes
(`influence`, `brokerage`, `given`, `received`, `given_value`, `received_value`,
`analysed_at`) so analysts can use them in Cypher.

- Trust-weighted PageRank: the surfer at a moves to b with weight
  `s_ab · (c + g_ba) / (2c + g_ab + g_ba)` — the tie's strength, shared between its two
  directions in proportion to what each side gave the other (c: the reciprocity prior), so
  trust flows towards those who give. Damping 0.85; dangling mass spreads evenly.
- Brokerage: betweenness centrality over ties (unweighted, normalised), exact up to
  `betweenness_exact_max_nodes` people, above that estimated from
  `betweenness_samples` pivots (seeded, so reruns agree).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from neo4j import Driver

import cypher
from graph.reads import GraphReads, SyncGraphReads
from jobs import centrality
from jobs.centrality import TieArrays
from jobs.influence_read import Snapshot, read_as_of, read_as_of_async, read_now
from scoring.giving import Giving
from scoring.strength import DEFAULT, ScoringSettings

Progress = Callable[[str, int, int], None]  # (stage, done, total)
WRITE_BATCH = 10_000  # people per write transaction


@dataclass(frozen=True)
class WeightedTie:
    """A tie as the influence maths weighs it: its strength and the decayed giving each way
    (a → b, b → a)."""

    a: str
    b: str
    strength: float
    given_ab: float
    given_ba: float


@dataclass(frozen=True)
class Scores(Giving):
    influence: float
    brokerage: float


@dataclass(frozen=True)
class Analysis:
    at: datetime
    scores: dict[str, Scores]
    betweenness_exact: bool


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def _indexed(people: Iterable[str], ties: Iterable[WeightedTie]) -> tuple[list[str], TieArrays]:
    ids = sorted(set(people))
    index = {p: i for i, p in enumerate(ids)}
    rows = [(index.get(t.a, -1), index.get(t.b, -1), t.strength, t.given_ab, t.given_ba)
            for t in ties]
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[]] * 5
    return ids, TieArrays.of(*columns)


def pagerank(people: Iterable[str], ties: Iterable[WeightedTie], settings: ScoringSettings = DEFAULT
             ) -> dict[str, float]:
    """Trust-weighted PageRank by power iteration (sums to 1 over `people`)."""
    ids, arrays = _indexed(people, ties)
    return dict(zip(ids, centrality.pagerank(len(ids), arrays, settings).tolist(),
                    strict=True))


def brokerage(people: Iterable[str], ties: Iterable[WeightedTie],
              settings: ScoringSettings = DEFAULT) -> tuple[dict[str, float], bool]:
    """Normalised betweenness; exact below the size threshold, else sampled pivots."""
    ids, arrays = _indexed(people, ties)
    values, exact = centrality.betweenness(len(ids), arrays, settings)
    return dict(zip(ids, values.tolist(), strict=True)), exact


def _combine(snapshot: Snapshot, at: datetime, settings: ScoringSettings,
             progress: Progress) -> Analysis:
    n = len(snapshot.ids)
    progress("pagerank", 0, 1)
    rank = centrality.pagerank(n, snapshot.ties, settings).tolist()
    progress("pagerank", 1, 1)
    progress("brokerage", 0, 1)  # building the graph counts as brokerage
    between, exact = centrality.betweenness(
        n, snapshot.ties, settings, lambda done, total: progress("brokerage", done, total))
    between = between.tolist()
    scores = {
        p: Scores(**Giving.of(g), influence=rank[i], brokerage=between[i])
        for i, (p, g) in enumerate(zip(snapshot.ids, snapshot.giving, strict=True))
    }
    return Analysis(at, scores, exact)


def analyse(driver: Driver, as_of: datetime | None = None,
            settings: ScoringSettings = DEFAULT, progress: Progress = _quiet) -> Analysis:
    """Compute every person's scores at `as_of` (default now), without writing."""
    at = as_of or datetime.now(UTC)
    progress("reading", 0, 1)
    reads = SyncGraphReads(driver, timeout_s=None)  # a graph-wide job: no request's bound
    snapshot = (read_now(reads, at, settings, progress) if as_of is None
                else read_as_of(reads, at, settings))
    progress("reading", 1, 1)
    return _combine(snapshot, at, settings, progress)


def write(driver: Driver, analysis: Analysis, progress: Progress = _quiet) -> int:
    """Set the scores onto Person nodes, UNWIND in batches (setting, so reruns agree)."""
    rows = [
        {"id": p, "influence": s.influence, "brokerage": s.brokerage, "given": s.given,
         "received": s.received, "givenValue": s.given_value,
         "receivedValue": s.received_value}
        for p, s in sorted(analysis.scores.items())
    ]
    for start in range(0, len(rows), WRITE_BATCH):
        progress("writing", start, len(rows))
        driver.execute_query(cypher.load("jobs/influence_write"),
                             rows=rows[start:start + WRITE_BATCH], analysedAt=analysis.at)
    progress("writing", len(rows), len(rows))
    return len(rows)


def run_job(driver: Driver, settings: ScoringSettings = DEFAULT,
            progress: Progress = _quiet) -> Analysis:
    """`goodwill analyse`: compute now and write the scores onto Person nodes."""
    analysis = analyse(driver, None, settings, progress)
    write(driver, analysis, progress)
    return analysis


async def analyse_async(reads: GraphReads, as_of: datetime | None = None,
                        settings: ScoringSettings = DEFAULT) -> Analysis:
    """As `analyse` as of an instant (default now), through a request's reads (used for
    `influencers(asOf:)`): every deposit dated by then is re-summed."""
    at = as_of or datetime.now(UTC)
    return _combine(await read_as_of_async(reads, at, settings), at, settings, _quiet)
