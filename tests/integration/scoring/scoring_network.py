"""A test network written straight into Neo4j in the projector's graph shape, with the
reference scoring (scoring.ledger) to check queries against."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from neo4j import Driver

from scoring.ledger import (
    GIVING_KINDS,
    EpochTie,
    TieEvent,
    counted_while_unconfirmed,
    tie_giving,
    tie_reciprocity,
    tie_strength,
)
from scoring.strength import DEFAULT, ScoringSettings, epoch_mass, event_weight, hop_warmth

STATEMENTS = [
    part.strip()
    for part in "\n".join(
        line for line in (Path(__file__).parent / "network.cypher").read_text().splitlines()
        if not line.strip().startswith("//")
    ).split(";")
    if part.strip()
]
EDGE_TYPES = {"met": "MET", "helped": "HELPED", "thanked": "THANKED", "referred": "REFERRED"}


RECORDED = datetime(2030, 1, 1, tzinfo=UTC)  # the store's clock: one second per event


def recorded(index: int) -> datetime:
    """When the store recorded a tie's `index`-th event (a ledger is in arrival order)."""
    return RECORDED + timedelta(seconds=index)


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


@dataclass
class Network:
    settings: ScoringSettings = DEFAULT
    people: dict[str, dict] = field(default_factory=dict)
    ledger: dict[tuple[str, str], list[TieEvent]] = field(default_factory=lambda: defaultdict(list))
    kinds: dict[tuple[str, str], str] = field(default_factory=dict)
    extra: dict[str, dict] = field(default_factory=dict)  # per event: value, status…
    introductions: list[dict] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=itertools.count)

    def person(self, id: str, name: str | None = None, *, accepts: bool = True,
               forgotten: bool = False, tags: tuple[str, ...] = (),
               organization: str | None = None) -> str:
        self.people[id] = {"id": id, "name": None if forgotten else (name or id.title()),
                           "accepts": accepts, "forgotten": forgotten, "tags": list(tags),
                           "organization": organization}
        return id

    def _event(self, kind: str, giver: str, receiver: str, at: datetime, confirmed: bool = True,
               confirms: str | None = None, **extra) -> str:
        event = TieEvent(f"ev{next(self._ids)}", kind, at, giver, receiver, confirmed, confirms)
        self.ledger[pair(giver, receiver)].append(event)
        self.extra[event.id] = extra
        return event.id

    def met(self, a: str, b: str, at: datetime, confirmed: bool = True) -> str:
        return self._event("met", a, b, at, confirmed)

    def helped(self, giver: str, receiver: str, at: datetime, confirmed: bool = True) -> str:
        return self._event("helped", giver, receiver, at, confirmed)

    def thanked(self, thanker: str, thanked: str, at: datetime, for_event: str) -> str:
        return self._event("thanked", thanker, thanked, at, True, for_event)

    def referred(self, giver: str, receiver: str, at: datetime, value: float | None = None,
                 closed_at: datetime | None = None) -> str:
        """A referral; closed (with its value) at `closed_at`, a deposit of its own."""
        extra: dict = {"status": "given"}
        if closed_at is not None:
            self._event("referral_closed", giver, receiver, closed_at)
            extra = {"status": "closed", "value": value, "currency": "EUR",
                     "closed_at": closed_at,
                     "m_closed": epoch_mass(event_weight("referral_closed"), closed_at,
                                            self.settings)}
        return self._event("referred", giver, receiver, at, True, **extra)

    def introduced(self, broker: str, a: str, b: str, at: datetime) -> str:
        """An introduction made by `broker`: it counts on the tie of a and b."""
        return self._event("introduced", a, b, at, broker=broker)

    def classify(self, a: str, b: str, kind: str) -> None:
        self.kinds[pair(a, b)] = kind

    def introduction(self, id: str, broker: str, a: str, b: str, at: datetime, status: str,
                     requester: str | None = None, target: str | None = None,
                     path: list[str] | None = None) -> None:
        self.introductions.append({"id": id, "broker": broker, "a": a, "b": b, "at": at,
                                   "status": status, "requester": requester,
                                   "target": target, "path": path, "message": "hello",
                                   "made_at": at if status == "made" else None, "m": None})

    def member(self, person: str, group: str, role: str = "member") -> None:
        self.groups.append({"group": group, "name": group.title(), "person": person,
                            "role": role, "since": None})

    # reference scoring

    def strength(self, a: str, b: str, at: datetime) -> float:
        return tie_strength(self.ledger.get(pair(a, b), []), at, self.settings)

    def reciprocity(self, a: str, b: str, at: datetime) -> float:
        return tie_reciprocity(self.ledger.get(pair(a, b), []), a, b, at, self.settings)

    def vouched_strength(self, a: str, b: str, at: datetime) -> float:
        """The strength of what both sides vouched for by `at`: every event but the claims
        still one side's word (what the influence job counts)."""
        events = self.ledger.get(pair(a, b), [])
        confirmed = {e.confirms for e in events if e.confirming and e.confirms and e.at <= at}
        vouched = [e for e in events if e.confirmed or e.id in confirmed]
        return tie_strength(vouched, at, self.settings)

    def giving(self, a: str, b: str, at: datetime) -> float:
        return tie_giving(self.ledger.get(pair(a, b), []), a, at, self.settings)

    def warmth(self, a: str, b: str, at: datetime) -> float:
        return hop_warmth(self.strength(a, b, at), self.reciprocity(a, b, at))

    # writing

    def _rows(self) -> dict[str, list[dict]]:
        ties, events = [], []
        self._made: list[dict] = []
        for (a, b), ledger in self.ledger.items():
            fold = EpochTie(self.settings)
            for event in ledger:
                fold.apply(event)
            # the first confirmation of each claim: (at, recorded), recorded in ledger order
            confirmations: dict[str, tuple[datetime, datetime]] = {}
            for index, e in enumerate(ledger):
                if e.confirms and e.confirming:
                    confirmations.setdefault(e.confirms, (e.at, recorded(index)))
            # what each claim counted while unconfirmed, within the cap (arrival order)
            counted = counted_while_unconfirmed(ledger, self.settings)
            giving = {a: 0.0, b: 0.0}  # epoch giving mass by giver, as KNOWS keeps it
            for e in ledger:
                if e.kind in GIVING_KINDS and e.giver in giving:
                    weight = event_weight(e.kind, True, self.settings) \
                        if e.confirmed or e.id in confirmations else counted[e.id]
                    giving[e.giver] += epoch_mass(weight, e.at, self.settings)
            ties.append({"a": a, "b": b, "since": min(e.at for e in ledger),
                         "last_at": max(e.at for e in ledger), "interactions": len(ledger),
                         "kind": self.kinds.get((a, b)), "m": fold.m,
                         "m_open": math.fsum(  # what one side's word alone adds
                             epoch_mass(counted[e.id], e.at, self.settings) for e in ledger
                             if e.kind in EDGE_TYPES and not e.confirmed
                             and e.id not in confirmations),
                         "g_ab": giving[a], "g_ba": giving[b]})
            for index, e in enumerate(ledger):
                if e.kind == "introduced":
                    self._made.append({
                        "id": e.id, "broker": self.extra[e.id]["broker"], "a": a, "b": b,
                        "at": e.at, "status": "made", "made_at": e.at,
                        "made_recorded_at": recorded(index), "confirmed_by": [a, b],
                        "confirmations": 2,
                        "m": epoch_mass(event_weight("introduced"), e.at, self.settings)})
                if e.kind not in EDGE_TYPES:
                    continue
                confirmed_at, confirmed_recorded_at = (e.at, recorded(index)) if e.confirmed \
                    else confirmations.get(e.id, (None, None))
                weight = event_weight(e.kind, True, self.settings) \
                    if confirmed_at is not None else counted[e.id]
                props = {"event_id": e.id, "at": e.at, "confirmed": confirmed_at is not None,
                         "confirmed_at": confirmed_at, "weight": weight,
                         "m": epoch_mass(weight, e.at, self.settings),
                         "recorded_at": recorded(index),
                         "confirmed_recorded_at": confirmed_recorded_at,
                         "claimant": None if e.confirmed or e.kind == "thanked" else e.claimant,
                         "for_event": e.confirms if e.kind == "thanked" else None}
                props.update({k: v for k, v in self.extra[e.id].items() if v is not None})
                events.append({"from": e.giver, "to": e.receiver, "type": EDGE_TYPES[e.kind],
                               "props": {k: v for k, v in props.items() if v is not None}})
        return {"people": list(self.people.values()), "ties": ties, "events": events,
                "introductions": self.introductions + self._made, "groups": self.groups}

    def write(self, driver: Driver) -> None:
        rows = self._rows()
        params = [{"people": rows["people"]}, {"ties": rows["ties"]},
                  {"events": rows["events"]}, {"introductions": rows["introductions"]},
                  {"groups": rows["groups"]}]
        for statement, parameters in zip(STATEMENTS, params, strict=True):
            driver.execute_query(statement, parameters)
