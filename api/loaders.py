"""Dataloaders, one set per request: every field that needs the graph for many parents asks
its loader, and the loader asks Neo4j once for the whole level."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from strawberry.dataloader import DataLoader

from graph.reads import GraphReads
from reads.asof import TieAsOf, TieKey, ties_of_pairs_as_of

Row = dict[str, Any]
Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    """The canonical (sorted) pair: KNOWS is stored a→b with a.id < b.id."""
    return (a, b) if a <= b else (b, a)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def instant(parts: list[int] | None) -> datetime | None:
    """[epoch seconds, nanosecond] of a Neo4j DATETIME as the driver would make it a Python
    one (microseconds truncated), without its slow conversion."""
    if parts is None:
        return None
    seconds, nanosecond = parts
    return EPOCH + timedelta(seconds=seconds, microseconds=nanosecond // 1000)


def tie_times(tie: Row) -> Row:
    """A tie of `fragments/tie_card` with its instants as datetimes (in place)."""
    tie["since"], tie["last_at"] = instant(tie["since"]), instant(tie["last_at"])
    return tie


def _grouped(rows: list[Row], key_of: Any, keys: Sequence[Hashable]) -> list[list[Row]]:
    groups: dict[Hashable, list[Row]] = defaultdict(list)
    for row in rows:
        groups[key_of(row)].append(row)
    return [groups.get(key, []) for key in keys]


class Loaders:
    def __init__(self, reads: GraphReads) -> None:
        self._reads = reads
        self.person = DataLoader(self._people)
        self.tie = DataLoader(self._ties)
        self.ties_of = DataLoader(self._ties_of)
        self.tie_page = DataLoader(self._tie_pages)
        self.person_with_ties = DataLoader(self._people_with_tie_pages)
        self.ledger_as_of = DataLoader(self._ledgers_as_of)
        self.tie_as_of = DataLoader(self._ties_as_of)
        self.history = DataLoader(self._history)
        self.members = DataLoader(self._members)
        self.clients = DataLoader(self._clients)
        self.groups_of = DataLoader(self._groups_of)

    def person_known(self, person_id: str) -> tuple[bool, Row | None]:
        """(True, the card) when the person loader already answered for them in this
        request (a page of ties primes the other sides' cards); else (False, None)."""
        future = self.person.cache_map.get(person_id)
        if future is None or not future.done() or future.cancelled() or future.exception():
            return False, None
        return True, future.result()

    def prime_people(self, rows: list[Row]) -> None:
        for row in rows:
            self.person.prime(row["id"], row)

    async def _people(self, ids: list[str]) -> list[Row | None]:
        rows = [record["row"] for record in await self._reads.rows("people_by_ids",
                                                                   ids=list(ids))]
        by_id = {row["id"]: row for row in rows}
        return [by_id.get(person_id) for person_id in ids]

    async def _ties(self, pairs: list[Pair]) -> list[Row | None]:
        rows = await self._reads.rows("ties_by_pairs", pairs=[list(p) for p in pairs])
        for row in rows:
            tie_times(row["tie"])
        by_pair = {(row["a"], row["b"]): row for row in rows}
        return [by_pair.get(p) for p in pairs]

    async def _ties_as_of(self, keys: list[TieKey]) -> list[TieAsOf | None]:
        """The tie of each (person, other, instant, known at) as it was then."""
        return await ties_of_pairs_as_of(self._reads, list(keys))

    async def _ties_of(self, ids: list[str]) -> list[list[Row]]:
        rows = await self._reads.rows("ties_of_people", ids=list(ids))
        for row in rows:
            tie_times(row["tie"])
        return _grouped(rows, lambda row: row["person"], ids)

    async def _tie_pages(self, keys: list[tuple[str, int, int]]) -> list[list[Row]]:
        """A page (person, skip, limit) of each person's ties, each with the other side's
        card primed into the person loader."""
        pages = [{"id": person, "skip": skip, "limit": limit} for person, skip, limit in keys]
        rows = sorted(await self._reads.rows("tie_pages", pages=pages),
                      key=lambda row: (row["key"], row["position"]))
        for row in rows:
            tie_times(row["tie"])
        self.prime_people([row["row"] for row in rows])
        return _grouped(rows, lambda row: row["key"], range(len(keys)))

    async def _people_with_tie_pages(self, keys: list[tuple[str, int, int]]
                                     ) -> list[Row | None]:
        """Each (person, skip, limit): the person's card, in one round trip per page size
        with that page of their ties and the other sides' cards, which prime the person and
        tie-page loaders (so `Person.ties` and `Tie.other` read them without a trip)."""
        windows: dict[tuple[int, int], list[str]] = defaultdict(list)
        for person, skip, limit in keys:
            windows[(skip, limit)].append(person)
        found: dict[tuple[str, int, int], Row] = {}
        for (skip, limit), ids in windows.items():
            for record in await self._reads.rows("person_with_tie_page", ids=ids, skip=skip,
                                                 limit=limit):
                row, ties = record["row"], record["ties"]
                for tie in ties:
                    tie_times(tie["tie"])
                self.person.prime(row["id"], row)
                self.prime_people([tie["row"] for tie in ties])
                self.tie_page.prime((row["id"], skip, limit), ties)
                found[(row["id"], skip, limit)] = row
        return [found.get(key) for key in keys]

    async def _ledgers_as_of(self, keys: list[tuple[str, datetime]]) -> list[Row]:
        """What each (person, instant) had given and received by then."""
        rows = await self._reads.rows("asof_ledger", keys=[
            {"person": person, "asOf": at} for person, at in keys])
        by_key = {row["key"]: row for row in rows}
        return [by_key.get(key, {}) for key in range(len(keys))]

    async def _history(self, keys: list[tuple[str, str, datetime | None, datetime | None]]
                       ) -> list[list[Row]]:
        """Event-level history of pairs, each key (a, b, as_of, known_at)."""
        rows = await self._reads.rows(
            "history_by_pairs",
            keys=[{"a": a, "b": b, "as_of": as_of, "known_at": known_at}
                  for a, b, as_of, known_at in keys],
        )
        return _grouped(rows, lambda row: row["key"], range(len(keys)))

    async def _members(self, group_ids: list[str]) -> list[list[Row]]:
        rows = await self._reads.rows("group_members", ids=list(group_ids))
        return _grouped(rows, lambda row: row["group"], group_ids)

    async def _clients(self, group_ids: list[str]) -> list[list[Row]]:
        rows = await self._reads.rows("group_clients", ids=list(group_ids))
        return _grouped(rows, lambda row: row["group"], group_ids)

    async def _groups_of(self, person_ids: list[str]) -> list[list[Row]]:
        rows = await self._reads.rows("groups_of_people", ids=list(person_ids))
        return _grouped(rows, lambda row: row["person"], person_ids)
