"""Warm introductions: the top-k warmest simple paths from me to a person, an organization
or a tag, within `max_hops`, through brokers who accept introductions.

Warmth of a path = Π over its hops of strength · reciprocity (see `docs/scoring.md`).

1. Candidate subgraph, by bounded bidirectional expansion in Cypher: the source side and
   the target side are widened one layer at a time (whichever frontier has the smaller
   total degree) until the two radii add up to `max_hops`. Every hop of every qualifying
   path then lies in the pulled edges: hop i < R_s leaves a node within i of the source,
   any later hop enters a node within R_t − 1 of a target.
2. Exact ranking in Python by A* over path prefixes: a prefix is ranked by its warmth
   times an upper bound of the warmth still reachable from its end in the hops left
   (best walk, computed backwards from the targets). Complete paths leave the queue in
   non-increasing warmth, so the first k are the top k.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from typing import Literal

from graph.reads import GraphReads
from scoring.order import rank
from scoring.strength import (
    DEFAULT,
    ScoringSettings,
    decayed_mass,
    hop_warmth,
    reciprocity,
    strength_from_mass,
)
from scoring.tie_fold import fold_row

TargetKind = Literal["person", "organization", "tag"]
MAX_HOPS = 4


@dataclass(frozen=True)
class Hop:
    a: str
    b: str
    strength: float
    reciprocity: float
    given_ab: float  # decayed giving mass a → b
    given_ba: float

    @property
    def warmth(self) -> float:
        return hop_warmth(self.strength, self.reciprocity)


@dataclass
class Subgraph:
    """What the search needs: tie warmth both ways, who may broker, who is a target."""

    hops: dict[tuple[str, str], Hop] = field(default_factory=dict)  # keyed by sorted pair
    neighbours: dict[str, dict[str, float]] = field(default_factory=dict)
    brokers: set[str] = field(default_factory=set)  # accept introductions, not forgotten
    names: dict[str, str | None] = field(default_factory=dict)

    def add(self, hop: Hop) -> None:
        key = (min(hop.a, hop.b), max(hop.a, hop.b))
        if key in self.hops or hop.warmth <= 0.0:
            return
        self.hops[key] = hop
        self.neighbours.setdefault(hop.a, {})[hop.b] = hop.warmth
        self.neighbours.setdefault(hop.b, {})[hop.a] = hop.warmth

    def hop(self, a: str, b: str) -> Hop:
        return self.hops[(min(a, b), max(a, b))]


def _reach_bounds(
    graph: Mapping[str, Mapping[str, float]], targets: set[str], brokers: set[str], hops: int
) -> list[dict[str, float]]:
    """bound[r][v]: the best warmth of a walk from v to a target in at most r hops, every
    inner node a broker — an upper bound of what any simple path can still reach."""
    bound = [{v: 1.0 for v in targets}]
    for _ in range(hops):
        previous, current = bound[-1], {v: 1.0 for v in targets}
        for u, value in previous.items():
            for v, w in graph.get(u, {}).items():
                if v in brokers and w * value > current.get(v, 0.0):
                    current[v] = w * value
        bound.append(current)
    return bound


def top_paths(
    graph: Mapping[str, Mapping[str, float]],
    source: str,
    targets: Iterable[str],
    brokers: set[str],
    max_hops: int,
    limit: int,
) -> list[tuple[float, tuple[str, ...]]]:
    """The `limit` warmest simple paths source → target (≤ max_hops hops, inner nodes
    brokers, warmth = product of hop weights), warmest first; equal warmths (as they rank,
    `scoring.order.rank`) by path ids, so a longer limit only adds paths at the end."""
    targets = set(targets) - {source}
    if not targets or limit <= 0 or max_hops <= 0:
        return []
    bound = _reach_bounds(graph, targets, brokers, max_hops)
    found: list[tuple[float, tuple[str, ...]]] = []
    # entries: (−priority, complete?, path, warmth); complete entries sort before an
    # equal-priority prefix so equal warmths come out deterministically
    queue: list[tuple[float, int, tuple[str, ...], float]] = [(-1.0, 1, (source,), 1.0)]
    while queue:
        # past the limit, go on while paths may still rank equal to the last one kept
        if len(found) >= limit and rank(-queue[0][0]) < rank(found[limit - 1][0]):
            break
        _, open_, path, warmth = heapq.heappop(queue)
        if not open_:
            found.append((warmth, path))
            continue
        left = max_hops - (len(path) - 1)
        for nxt, w in graph.get(path[-1], {}).items():
            if nxt in path:
                continue
            value = warmth * w
            if nxt in targets:
                heapq.heappush(queue, (-value, 0, (*path, nxt), value))
            if left > 1 and nxt in brokers:
                reach = bound[left - 1].get(nxt, 0.0)
                if reach > 0.0:
                    heapq.heappush(queue, (-value * reach, 1, (*path, nxt), value))
    found.sort(key=lambda item: (-rank(item[0]), item[1]))
    return found[:limit]


# --- reading the candidate subgraph from Neo4j ---


def _query_params(settings: ScoringSettings, at: datetime) -> dict[str, float]:
    return settings.params(at)


async def _expand(reads: GraphReads, ids: list[str], at: datetime, as_of: bool,
                  settings: ScoringSettings) -> list[dict]:
    params = _query_params(settings, at)
    if not as_of:
        records = await reads.rows("warm_paths_expand", ids=ids, **params)
        # one record per frontier person, its ties nested (fewer records, far less driver
        # time)
        return [{"a": record["a"], **tie} for record in records for tie in record["ties"]]
    records = await reads.rows("warm_paths_expand_as_of", ids=ids, **params)
    return [tie for record in records for raw in record["ties"]
            if (tie := _tie_as_of(record["a"], raw, at, settings)) is not None]


def _tie_as_of(a: str, raw: dict, at: datetime, settings: ScoringSettings) -> dict | None:
    """A raw tie of `warm_paths_expand_as_of` as `warm_paths_expand` gives one, at `at`
    (None when nothing of it counts by then)."""
    folded = fold_row(raw, at, None, settings)
    if folded.m <= 0.0:
        return None
    b = raw["b"]
    return {"a": a, "b": b, "bName": raw["bName"], "bAccepts": raw["bAccepts"],
            "bDegree": raw["bDegree"],
            "strength": strength_from_mass(decayed_mass(folded.m, at, settings), settings),
            "givenAB": decayed_mass(folded.given_by(a), at, settings),
            "givenBA": decayed_mass(folded.given_by(b), at, settings)}


async def candidate_subgraph(
    reads: GraphReads,
    source: str,
    targets: Mapping[str, int],
    max_hops: int,
    at: datetime,
    as_of: bool,
    settings: ScoringSettings = DEFAULT,
) -> Subgraph:
    """Bidirectional bounded expansion; `targets` maps target ids to their degree."""
    sub = Subgraph()
    seen = {"s": {source}, "t": set(targets)}
    frontier = {"s": {source: 1}, "t": dict(targets)}  # id → degree
    radius = {"s": 0, "t": 0}
    while radius["s"] + radius["t"] < max_hops and frontier["s"] and frontier["t"]:
        side = min(("s", "t"), key=lambda k: (sum(frontier[k].values()), k))
        rows = await _expand(reads, sorted(frontier[side]), at, as_of, settings)
        radius[side] += 1
        nxt: dict[str, int] = {}
        for row in rows:
            a, b = row["a"], row["b"]
            sub.names[b] = row["bName"]
            if row["bAccepts"]:
                sub.brokers.add(b)
            r = reciprocity(row["givenAB"], row["givenBA"], settings)
            sub.add(Hop(a, b, row["strength"], r, row["givenAB"], row["givenBA"]))
            # only brokers lead on; the source never is an inner node
            if b not in seen[side] and row["bAccepts"] and b != source:
                nxt[b] = row["bDegree"]
        seen[side].update(nxt)
        frontier[side] = nxt
    return sub


# --- explanations ---


def _month(value: datetime) -> str:
    return value.strftime("%b %Y")


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n}×")


_VERBS = {"HELPED": "helped", "THANKED": "thanked", "REFERRED": "referred business to"}


def explain(rows: list[dict], a_name: str, b_name: str) -> str:
    """One sentence from the per-kind, per-direction counts of one hop."""
    parts: list[str] = []
    met = [r for r in rows if r["kind"] == "MET"]
    for kind in ("HELPED", "REFERRED", "THANKED"):
        for forward in (True, False):
            row = next((r for r in rows if r["kind"] == kind and r["forward"] == forward),
                       None)
            if not row:
                continue
            giver, other = (a_name, b_name) if forward else (b_name, a_name)
            text = f"{giver} {_VERBS[kind]} {other} {_times(row['times'])}"
            if kind != "THANKED":
                word = "in" if row["times"] == 1 else "since"
                text += f" {word} {_month(row['first'])}"
            parts.append(text)
    if met:
        times = sum(r["times"] for r in met)
        last = max(r["last"] for r in met)
        parts.append(f"they met {_times(times)} (last {_month(last)})")
    if not parts:
        return f"{a_name} and {b_name} know each other"
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:]


async def explanations(reads: GraphReads, pairs: list[tuple[str, str]], at: datetime
                       ) -> dict[tuple[str, str], str]:
    records = await reads.rows("hop_explanations", pairs=[{"a": a, "b": b} for a, b in pairs],
                               t=at.timestamp())
    rows: dict[tuple[str, str], list[dict]] = {}
    names: dict[tuple[str, str], tuple[str, str]] = {}
    for record in records:
        key = (record["a"], record["b"])
        names[key] = (record["aName"] or "someone", record["bName"] or "someone")
        if record["kind"] is not None:
            rows.setdefault(key, []).append(record)
    return {key: explain(rows.get(key, []), *names[key]) for key in names}


# --- the query ---


@dataclass(frozen=True)
class PathHop:
    source: str
    target: str
    source_name: str | None
    target_name: str | None
    strength: float
    reciprocity: float
    warmth: float
    explanation: str


@dataclass(frozen=True)
class WarmPath:
    people: tuple[str, ...]
    names: tuple[str | None, ...]
    warmth: float
    hops: tuple[PathHop, ...]

    @property
    def broker(self) -> str | None:
        """Whom to ask: the first person after me, when there is someone in between."""
        return self.people[1] if len(self.people) > 2 else None


@dataclass(frozen=True)
class WarmIntroductions:
    at: datetime
    paths: list[WarmPath]


async def targets_of(reads: GraphReads, source: str, kind: TargetKind, value: str
                     ) -> dict[str, tuple[str | None, int]]:
    records = await reads.rows(f"warm_paths_targets_{kind}", value=value, source=source)
    return {r["id"]: (r["name"], r["degree"]) for r in records}


async def warm_introductions(
    reads: GraphReads,
    source: str,
    to: str,
    kind: TargetKind = "person",
    max_hops: int = 3,
    limit: int = 5,
    as_of: datetime | None = None,
    settings: ScoringSettings = DEFAULT,
) -> WarmIntroductions:
    """The `limit` warmest introduction paths from `source` to the target, `as_of` an
    instant (default now), each hop explained by the events behind it."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise ValueError(f"maxHops must be between 1 and {MAX_HOPS}")
    at = as_of or datetime.now(UTC)
    targets = await targets_of(reads, source, kind, to)
    sub = await candidate_subgraph(
        reads, source, {t: degree for t, (_, degree) in targets.items()}, max_hops, at,
        as_of is not None, settings,
    )
    for t, (name, _) in targets.items():
        sub.names.setdefault(t, name)
    ranked = top_paths(sub.neighbours, source, targets, sub.brokers, max_hops, limit)
    pairs = sorted({(p[i], p[i + 1]) for _, p in ranked for i in range(len(p) - 1)})
    said = await explanations(reads, pairs, at) if pairs else {}
    if ranked and source not in sub.names:
        names = await reads.rows("person_names", ids=[source])
        sub.names.update({r["id"]: r["name"] for r in names})
    paths = []
    for warmth, people in ranked:
        hops = []
        for a, b in pairwise(people):
            tie = sub.hop(a, b)
            hops.append(PathHop(a, b, sub.names.get(a), sub.names.get(b), tie.strength,
                                tie.reciprocity, tie.warmth, said.get((a, b), "")))
        paths.append(WarmPath(people, tuple(sub.names.get(p) for p in people), warmth,
                              tuple(hops)))
    return WarmIntroductions(at, paths)
