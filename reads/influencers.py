"""The most influential people within a group, an organization or a tag: now, from the
scores the influence job wrote onto Person nodes; as of a past instant, by computing the job
in memory at that instant (`jobs.influence.analyse_async`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from graph.reads import GraphReads
from jobs.influence import Scores, analyse_async
from scoring.giving import Giving
from scoring.order import rank
from scoring.strength import DEFAULT, ScoringSettings

ScopeKind = Literal["group", "organization", "tag"]
SCOPES: tuple[str, ...] = get_args(ScopeKind)


@dataclass(frozen=True)
class Influencer:
    id: str
    name: str | None
    scores: Scores
    analysed_at: datetime | None


async def scope_members(reads: GraphReads, kind: ScopeKind, value: str) -> list[str]:
    if kind not in SCOPES:
        raise ValueError(f"within must be one of {', '.join(SCOPES)}")
    return [r["id"] for r in await reads.rows(f"scope_{kind}", value=value)]


async def influencers(reads: GraphReads, kind: ScopeKind, value: str, limit: int = 10,
                      as_of: datetime | None = None, settings: ScoringSettings = DEFAULT
                      ) -> list[Influencer]:
    """The `limit` most influential people of the scope, now or `as_of` an instant."""
    ids = await scope_members(reads, kind, value)
    # every member: the order is decided here, by scores as they rank, then ids
    records = await reads.rows("influencers", ids=ids, limit=len(ids))
    if as_of is None:
        found = [Influencer(r["id"], r["name"],
                            Scores(**Giving.of(r), influence=r["influence"],
                                   brokerage=r["brokerage"]),
                            r["analysedAt"])
                 for r in records]
    else:
        names = {r["id"]: r["name"] for r in records}
        analysis = await analyse_async(reads, as_of, settings)
        found = [Influencer(p, names.get(p), analysis.scores[p], as_of)
                 for p in ids if p in analysis.scores]
    found.sort(key=lambda i: (-rank(i.scores.influence), -rank(i.scores.brokerage), i.id))
    return found[:limit]
