"""The outcome of a command sent with an idempotency key. Saved in the same transaction as
the command's events, so a key is either fully applied (and remembered) or not at all, and
it survives restarts because it lives in the event store. Projections ignore its event
(`IdempotencyRecorded`)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import GoodwillEvent, Stamp


class IdempotencyRecord(Aggregate):
    if TYPE_CHECKING:
        command: str
        aggregate_id: str
        event_id: str
        version: int

    class Event(GoodwillEvent):
        pass

    class IdempotencyRecorded(Event, Aggregate.Created):
        """(`event_id` is every event's own derived id, hence the `result_` names.)"""

        command: str
        result_aggregate_id: str
        result_event_id: str
        result_version: int

        def apply(self, record: IdempotencyRecord) -> None:
            record.command = self.command
            record.aggregate_id = self.result_aggregate_id
            record.event_id = self.result_event_id
            record.version = self.result_version

    @classmethod
    def remember(cls, record_id: UUID, *, command: str, aggregate_id: UUID, event_id: UUID,
                 version: int, stamp: Stamp) -> IdempotencyRecord:
        return cls._create(
            cls.IdempotencyRecorded,
            id=record_id,
            command=command,
            result_aggregate_id=str(aggregate_id),
            result_event_id=str(event_id),
            result_version=version,
            **stamp.kwargs(),
        )


IdempotencyRecorded = IdempotencyRecord.IdempotencyRecorded
