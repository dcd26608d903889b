"""Audit replay from the event store (the source of truth), not from the graph: who
recorded what, when it happened and when it was recorded, in the order it was recorded.
A forgotten person's own events come back with their personal data blanked (the
application's `history` does that)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.ids import as_uuid, event_id, relationship_id

COMMON = ("originator_id", "originator_version", "timestamp", "at", "recorded_by",
          "idempotency_key")

if TYPE_CHECKING:  # the application is passed in, never built here
    from domain.app import Goodwill


@dataclass(frozen=True)
class AuditEntry:
    event: str  # the event name, e.g. "Helped"
    event_id: str
    aggregate_id: str
    version: int
    at: datetime  # when it happened in the world
    recorded_at: datetime  # when it was recorded
    recorded_by: str
    attributes: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "event": self.event, "event_id": self.event_id, "aggregate_id": self.aggregate_id,
            "version": self.version, "at": self.at.isoformat(),
            "recorded_at": self.recorded_at.isoformat(), "recorded_by": self.recorded_by,
            "attributes": {k: _jsonable(v) for k, v in self.attributes.items()},
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def audit_trail_entry(event: Any) -> AuditEntry:
    attributes = {k: v for k, v in vars(event).items() if k not in COMMON}
    return AuditEntry(
        event=type(event).__name__,
        event_id=str(event_id(event.originator_id, event.originator_version)),
        aggregate_id=str(event.originator_id),
        version=event.originator_version,
        at=event.at,
        recorded_at=event.timestamp,
        recorded_by=event.recorded_by,
        attributes=attributes,
    )


def audit_trail(app: Goodwill, aggregate_id: UUID | str,
                as_of: datetime | None = None,
                known_at: datetime | None = None) -> list[AuditEntry]:
    """Every event of one aggregate in recorded order (of a person: with the events of the
    records merged into them, each under its own aggregate id); with `as_of`, only those that had
    happened (`at`) by then, back-dated records included; with `known_at`, only those the
    store had recorded (`timestamp`) by then. `app` is a `domain.app.Goodwill`; an unknown
    id raises its `UnknownAggregate`."""
    events = list(app.history(as_uuid(aggregate_id, "aggregate id")))
    if type(events[0]).__qualname__ == "Person.PersonRegistered":
        # a person's trail holds the records merged into them, each event under its own id
        merged = app.records_of(str(events[0].originator_id))[1:]
        if merged:
            events = sorted([*events, *(e for m in merged for e in app.history(m))],
                            key=lambda e: e.timestamp)
    if as_of is not None:
        events = [e for e in events if e.at <= as_of]
    if known_at is not None:
        events = [e for e in events if e.timestamp <= known_at]
    return [audit_trail_entry(e) for e in events]


def relationship_history(app: Goodwill, a: UUID | str, b: UUID | str,
                         as_of: datetime | None = None) -> list[AuditEntry]:
    """The history of the tie between two people (their Relationship aggregate)."""
    return audit_trail(app, relationship_id(a, b), as_of)
