"""Introduction requests along warm paths: what to record when asking, and what a broker
sees waiting (with each requester's giving balance)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph.reads import GraphReads
from reads.paths import WarmPath


@dataclass(frozen=True)
class RequestAlongPath:
    """The arguments of `domain.app.Goodwill.request_introduction` for a warm path: the
    broker is the first person after the requester, the path is recorded whole."""

    requester: str
    broker: str
    target: str
    path: list[str]


def request_along(path: WarmPath) -> RequestAlongPath:
    if path.broker is None:
        raise ValueError("a direct tie needs no introduction")
    return RequestAlongPath(path.people[0], path.broker, path.people[-1], list(path.people))


@dataclass(frozen=True)
class PendingIntroduction:
    id: str
    at: datetime | None
    requester: str | None
    requester_name: str | None
    target: str | None
    path: list[str]
    people: list[str]  # the two people of the request
    given: int
    received: int
    given_value: float
    received_value: float

    @property
    def balance(self) -> int:
        return self.given - self.received


async def pending_introductions(reads: GraphReads, broker: str) -> list[PendingIntroduction]:
    records = await reads.rows("pending_introductions", broker=broker)
    return [
        PendingIntroduction(
            r["id"], r["at"], r["requester"],
            r["requesterName"], r["target"], list(r["path"] or []), list(r["people"]),
            r["given"], r["received"], r["givenValue"], r["receivedValue"])
        for r in records
    ]
