"""The outcome of a command sent with an idempotency key. Saved in the same transaction as
the command's events, so a key is either fully applied (and remembered) or not at all, and
it survives restarts because it lives in the event store. Projections ignore its event
(`IdempotencyRecorded`).

The record keeps a hash of the command's arguments: the same key sent again with other
arguments is a client's mistake (IDEMPOTENCY_CONFLICT), not a repeat to answer from memory."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import GoodwillEvent, Stamp


class IdempotencyRecord(Aggregate):
    if TYPE_CHECKING:
        command: str
        aggregate_id: str
        event_id: str
        version: int
        arguments_hash: str | None

    class Event(GoodwillEvent):
        pass

    class IdempotencyRecorded(Event, Aggregate.Created):
        """(`event_id` is every event's own derived id, hence the `result_` names.)"""

        command: str
        result_aggregate_id: str
        result_event_id: str
        result_version: int
        arguments_hash: str | None = None  # None in records stored before it was kept

        def apply(self, record: IdempotencyRecord) -> None:
            record.command = self.command
            record.aggregate_id = self.result_aggregate_id
            record.event_id = self.result_event_id
            record.version = self.result_version
            record.arguments_hash = self.arguments_hash

    @classmethod
    def remember(cls, record_id: UUID, *, command: str, aggregate_id: UUID, event_id: UUID,
                 version: int, arguments_hash: str | None,
                 stamp: Stamp) -> IdempotencyRecord:
        return cls._create(
            cls.IdempotencyRecorded,
            id=record_id,
            command=command,
            result_aggregate_id=str(aggregate_id),
            result_event_id=str(event_id),
            result_version=version,
            arguments_hash=arguments_hash,
            **stamp.kwargs(),
        )


IdempotencyRecorded = IdempotencyRecord.IdempotencyRecorded


def arguments_hash(command: str, values: dict[str, Any]) -> str:
    """SHA-256 of a command's bound fields (ids canonical, defaults filled in). `at` is left
    out: a client that stamps `at` from its clock on each try (the demo seed does) sends the
    same request with another `at`."""
    document = json.dumps({"command": command, "fields": values}, sort_keys=True,
                          default=repr, ensure_ascii=True)
    return hashlib.sha256(document.encode()).hexdigest()
