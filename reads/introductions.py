"""Introduction requests along warm paths: what to record when asking, and what a broker
sees waiting (with each requester's giving balance)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph.reads import GraphReads
from reads.paths import WarmPath
from scoring.giving import Giving


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
class PendingIntroduction(Giving):
    """A request waiting for its broker; the giving balance is the requester's."""

    id: str
    at: datetime | None
    requester: str | None
    requester_name: str | None
    target: str | None
    path: list[str]
    people: list[str]  # the two people of the request


async def pending_introductions(reads: GraphReads, broker: str,
                                as_of: datetime | None = None) -> list[PendingIntroduction]:
    """The requests waiting for `broker`, now or as they stood `as_of` an instant (the
    requester's giving balance then too)."""
    if as_of is None:
        records = await reads.rows("pending_introductions", broker=broker)
    else:
        records = await reads.rows("pending_introductions_as_of", broker=broker, asOf=as_of)
    return [
        PendingIntroduction(
            **Giving.of(r), id=r["id"], at=r["at"], requester=r["requester"],
            requester_name=r["requesterName"], target=r["target"],
            path=list(r["path"] or []), people=list(r["people"]))
        for r in records
    ]
