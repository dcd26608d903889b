"""Influence job: trust-weighted PageRank, brokerage (betweenness) and giving balance of
every person, read from the graph by Cypher, computed in Python, written back onto Person
nodes (`influence`, `brokerage`, `given`, `received`, `given_value`, `received_value`,
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

import networkx as nx
from neo4j import AsyncDriver, Driver

import cypher
from projections.scoring import DEFAULT, ScoringSettings

Progress = Callable[[str, int, int], None]  # (stage, done, total)
FAR_FUTURE = 1e12  # epoch seconds: "count everything recorded"
WRITE_BATCH = 5_000


@dataclass(frozen=True)
class Tie:
    a: str
    b: str
    strength: float
    given_ab: float
    given_ba: float


@dataclass(frozen=True)
class Scores:
    influence: float
    brokerage: float
    given: int
    received: int
    given_value: float
    received_value: float

    @property
    def balance(self) -> int:
        return self.given - self.received


@dataclass(frozen=True)
class Analysis:
    at: datetime
    scores: dict[str, Scores]
    betweenness_exact: bool


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def pagerank(people: Iterable[str], ties: Iterable[Tie], settings: ScoringSettings = DEFAULT
             ) -> dict[str, float]:
    """Trust-weighted PageRank by power iteration (sums to 1 over `people`)."""
    nodes = sorted(set(people))
    if not nodes:
        return {}
    out: dict[str, dict[str, float]] = {n: {} for n in nodes}
    c = settings.reciprocity_prior
    for tie in ties:
        if tie.a not in out or tie.b not in out or tie.strength <= 0.0:
            continue
        share = tie.strength / (2 * c + tie.given_ab + tie.given_ba)
        out[tie.a][tie.b] = out[tie.a].get(tie.b, 0.0) + share * (c + tie.given_ba)
        out[tie.b][tie.a] = out[tie.b].get(tie.a, 0.0) + share * (c + tie.given_ab)
    totals = {n: sum(targets.values()) for n, targets in out.items()}
    n, d = len(nodes), settings.pagerank_damping
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(settings.pagerank_max_iterations):
        dangling = sum(rank[v] for v in nodes if totals[v] == 0.0)
        base = (1.0 - d) / n + d * dangling / n
        new = dict.fromkeys(nodes, base)
        for v, targets in out.items():
            if totals[v]:
                spread = d * rank[v] / totals[v]
                for u, w in targets.items():
                    new[u] += spread * w
        delta = sum(abs(new[v] - rank[v]) for v in nodes)
        rank = new
        if delta < settings.pagerank_tolerance * n:
            break
    return rank


def brokerage(people: Iterable[str], ties: Iterable[Tie],
              settings: ScoringSettings = DEFAULT) -> tuple[dict[str, float], bool]:
    """Normalised betweenness; exact below the size threshold, else sampled pivots."""
    graph = nx.Graph()
    graph.add_nodes_from(people)
    graph.add_edges_from((t.a, t.b) for t in ties if t.strength > 0.0
                         and t.a in graph and t.b in graph)
    exact = graph.number_of_nodes() <= settings.betweenness_exact_max_nodes
    k = None if exact else min(settings.betweenness_samples, graph.number_of_nodes())
    return nx.betweenness_centrality(graph, k=k, normalized=True,
                                     seed=settings.betweenness_seed), exact


def _params(settings: ScoringSettings, at: datetime) -> dict[str, float]:
    return settings.params(at)


def _read(driver: Driver, at: datetime, as_of: bool, settings: ScoringSettings
          ) -> tuple[list[Tie], dict[str, dict]]:
    name = "jobs/influence_ties_as_of" if as_of else "jobs/influence_ties"
    records, _, _ = driver.execute_query(cypher.load(name), _params(settings, at),
                                         routing_="r")
    ties = [Tie(r["a"], r["b"], r["strength"], r["givenAB"], r["givenBA"]) for r in records]
    giving_params = {"t": at.timestamp() if as_of else FAR_FUTURE}
    records, _, _ = driver.execute_query(cypher.load("jobs/influence_giving"), giving_params,
                                         routing_="r")
    return ties, {r["id"]: r.data() for r in records}


def _combine(ties: list[Tie], giving: dict[str, dict], at: datetime,
             settings: ScoringSettings, progress: Progress) -> Analysis:
    people = list(giving)
    progress("pagerank", 0, 1)
    rank = pagerank(people, ties, settings)
    progress("pagerank", 1, 1)
    progress("brokerage", 0, 1)
    between, exact = brokerage(people, ties, settings)
    progress("brokerage", 1, 1)
    scores = {
        p: Scores(rank.get(p, 0.0), between.get(p, 0.0), g["given"], g["received"],
                  g["givenValue"], g["receivedValue"])
        for p, g in giving.items()
    }
    return Analysis(at, scores, exact)


def analyse(driver: Driver, as_of: datetime | None = None,
            settings: ScoringSettings = DEFAULT, progress: Progress = _quiet) -> Analysis:
    """Compute every person's scores at `as_of` (default now), without writing."""
    at = as_of or datetime.now(UTC)
    progress("reading", 0, 1)
    ties, giving = _read(driver, at, as_of is not None, settings)
    progress("reading", 1, 1)
    return _combine(ties, giving, at, settings, progress)


def write(driver: Driver, analysis: Analysis, progress: Progress = _quiet) -> int:
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


async def analyse_async(driver: AsyncDriver, as_of: datetime | None = None,
                        settings: ScoringSettings = DEFAULT) -> Analysis:
    """As `analyse`, on the API's async driver (used for `influencers(asOf:)`)."""
    at = as_of or datetime.now(UTC)
    name = "jobs/influence_ties_as_of" if as_of else "jobs/influence_ties"
    records, _, _ = await driver.execute_query(cypher.load(name), _params(settings, at),
                                               routing_="r")
    ties = [Tie(r["a"], r["b"], r["strength"], r["givenAB"], r["givenBA"]) for r in records]
    records, _, _ = await driver.execute_query(
        cypher.load("jobs/influence_giving"), t=at.timestamp() if as_of else FAR_FUTURE,
        routing_="r")
    return _combine(ties, {r["id"]: r.data() for r in records}, at, settings, _quiet)


# --- the `influencers(within, limit, asOf)` query ---

ScopeKind = str  # "group" | "organization" | "tag"
SCOPES = ("group", "organization", "tag")


@dataclass(frozen=True)
class Influencer:
    id: str
    name: str | None
    scores: Scores
    analysed_at: datetime | None


async def scope_members(driver: AsyncDriver, kind: ScopeKind, value: str) -> list[str]:
    if kind not in SCOPES:
        raise ValueError(f"within must be one of {', '.join(SCOPES)}")
    records, _, _ = await driver.execute_query(cypher.load(f"queries/scope_{kind}"),
                                               value=value, routing_="r")
    return [r["id"] for r in records]


async def influencers(driver: AsyncDriver, kind: ScopeKind, value: str, limit: int = 10,
                      as_of: datetime | None = None, settings: ScoringSettings = DEFAULT
                      ) -> list[Influencer]:
    """Most influential people within a group, organization or tag: now from the scores the
    job wrote; `as_of` a past instant by computing the job in memory at that instant."""
    ids = await scope_members(driver, kind, value)
    records, _, _ = await driver.execute_query(
        cypher.load("queries/influencers"), ids=ids, limit=len(ids) if as_of else limit,
        routing_="r")
    if as_of is None:
        return [Influencer(r["id"], r["name"],
                           Scores(r["influence"], r["brokerage"], r["given"], r["received"],
                                  r["givenValue"], r["receivedValue"]),
                           r["analysedAt"].to_native() if r["analysedAt"] else None)
                for r in records]
    names = {r["id"]: r["name"] for r in records}
    analysis = await analyse_async(driver, as_of, settings)
    ranked = sorted((p for p in ids if p in analysis.scores),
                    key=lambda p: (-analysis.scores[p].influence,
                                   -analysis.scores[p].brokerage, p))
    return [Influencer(p, names.get(p), analysis.scores[p], as_of) for p in ranked[:limit]]
