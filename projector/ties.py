"""One KNOWS tie's changes within a batch, folded into the single parameter row of
`cypher/projection/ties.cypher`.

Each tie is touched once per batch, found by its indexed `id`, instead of once per event
by a `MERGE` between its two people (which scans every relationship the two have). The
deposits stay lists in log order and the statement adds them one by one to the stored
sums, so the floating-point results do not depend on where the log is cut into batches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class TieChange:
    """Everything one batch does to one KNOWS tie: one row of `ties.cypher`."""

    rel: str  # the Relationship aggregate id, KNOWS.id
    a: str | None  # the lower person id (KNOWS runs a → b); None until an event names them
    b: str | None
    create: bool = False  # a connection or deposit: create the tie if it is missing
    since: datetime | None = None  # earliest event of the pair in this batch
    last_at: datetime | None = None  # latest interaction in this batch
    interactions: int = 0
    ms: list[float] = field(default_factory=list)  # epoch mass deposits, log order
    g_ab: list[float] = field(default_factory=list)  # giving deposits a → b, log order
    g_ba: list[float] = field(default_factory=list)
    connected: bool = False
    connected_at: datetime | None = None  # the first connection in this batch
    connected_recorded_at: datetime | None = None  # when the store recorded it
    connected_claimant: str | None = None  # whose word alone it is (None: an admin's record)
    source: str | None = None
    introduced_by: str | None = None
    m_connected: list[float] = field(default_factory=list)
    m_open: list[float] = field(default_factory=list)  # one side's word only: ± deposits
    open_a: float | None = None  # a's unconfirmed weight counted after the batch (None: same)
    open_b: float | None = None
    classified: bool = False
    kind: str | None = None  # the batch's classification of the latest instant (ties: last)
    classified_by: str | None = None
    classified_at: datetime | None = None
    kinds: list[str] = field(default_factory=list)  # every classification, log order
    kinds_at: list[str] = field(default_factory=list)  # their instants, ISO-8601

    def _touch(self, at: datetime) -> None:
        self.create = True
        if self.since is None or at < self.since:
            self.since = at

    def deposit(self, at: datetime, m: float, interaction: bool = True,
                giver: str | None = None) -> None:
        """Epoch mass m at `at`; `giver` when it is giving (help, referral) by one side."""
        self._touch(at)
        self.ms.append(m)
        if interaction:
            self.interactions += 1
            if self.last_at is None or at > self.last_at:
                self.last_at = at
        if giver is None:
            return
        if giver == self.a:
            self.g_ab.append(m)
        elif giver == self.b:
            self.g_ba.append(m)

    def deposit_open(self, m: float) -> None:
        """The part of a deposit (or, negative, of a confirmation) that is one side's word."""
        self.m_open.append(m)

    def connect(self, at: datetime, source: str | None, introduced_by: str | None,
                m: float, recorded_at: datetime | None = None,
                claimant: str | None = None) -> None:
        self._touch(at)
        if not self.connected:
            self.connected, self.connected_at = True, at
            self.connected_recorded_at, self.connected_claimant = recorded_at, claimant
        self.source = self.source if self.source is not None else source
        self.introduced_by = self.introduced_by if self.introduced_by is not None \
            else introduced_by
        self.m_connected.append(m)

    def classify(self, kind: str, by: str | None, at: datetime) -> None:
        """A tie's kind is its classification of the latest instant (a back-dated one
        recorded later does not replace it); all are kept for the kind as of an instant."""
        self.kinds.append(kind)
        self.kinds_at.append(at.isoformat())
        if self.classified_at is None or at >= self.classified_at:
            self.kind, self.classified_by, self.classified_at = kind, by, at
        self.classified = True

    def row(self) -> dict[str, Any]:
        return self.__dict__.copy()
