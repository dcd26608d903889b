"""What earlier batches told the projector (a one-sided claim not yet confirmed, who gave a
referral), kept in memory so that the next batch reads the graph only for what it has not
seen.

Valid because the graph at a position is a function of the log up to it (rebuild =
incremental): as long as this projector applies contiguous batches, an entry learned from
the log below the position is what the graph holds. Entries are merged only after a commit,
and everything is dropped when a batch fails or the position moved under us. Each map is
bounded (least recently used out first); a miss just costs a lookup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Generic, TypeVar

from projector.batch import Claim, Context

K = TypeVar("K")
V = TypeVar("V")


class Bounded(Generic[K, V]):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.items: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        value = self.items.pop(key, None)
        if value is not None:
            self.items[key] = value  # most recently used last
        return value

    def put(self, key: K, value: V) -> None:
        self.items.pop(key, None)
        self.items[key] = value
        while len(self.items) > self.limit:
            del self.items[next(iter(self.items))]

    def drop(self, key: K) -> None:
        self.items.pop(key, None)


class ContextCache:
    def __init__(self, limit: int = 100_000) -> None:
        self.limit = limit
        self.clear()

    def clear(self) -> None:
        self.claims: Bounded[str, Claim] = Bounded(self.limit)  # unconfirmed ones only
        self.referrals: Bounded[str, tuple[str, str]] = Bounded(self.limit)

    def fill(self, context: Context, events: Iterable[str], referrals: Iterable[str]
             ) -> tuple[list[str], list[str]]:
        """Put what is known into `context` (claims as copies: planning changes them);
        returns the claim and referral ids still to look up in the graph."""
        claims_missing: list[str] = []
        referrals_missing: list[str] = []
        for eid in events:
            claim = self.claims.get(eid)
            if claim is None:
                claims_missing.append(eid)
            else:
                context.claims[eid] = replace(claim)
        for referral in referrals:
            people = self.referrals.get(referral)
            if people is None:
                referrals_missing.append(referral)
            else:
                context.referrals[referral] = people
        return claims_missing, referrals_missing

    def learn(self, context: Context) -> None:
        """After a commit: remember what the batch's context holds."""
        for eid, claim in context.claims.items():
            if claim.confirmed:
                self.claims.drop(eid)  # nothing left to add; the graph says so too
            else:
                self.claims.put(eid, replace(claim))
        for referral, people in context.referrals.items():
            self.referrals.put(referral, people)
