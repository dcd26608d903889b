"""The machinery every command shares: resolve `at`, run the decision, save everything it
changed in ONE `save()` (one transaction), remember the idempotency key in that same
transaction, and on an optimistic-concurrency conflict reload and decide again."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, OperationalError

from domain.actors import Actor
from domain.base import GoodwillEvent, Stamp, resolve_at, utc_now
from domain.errors import (
    ConcurrentUpdate,
    Forbidden,
    IdempotencyConflict,
    InvalidInput,
    UnknownAggregate,
    UnknownPerson,
)
from domain.idempotency import IdempotencyRecord
from domain.ids import as_id, as_uuid, event_id, idempotency_record_id
from domain.person import Person

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 50
MAX_KEY_LENGTH = 200
A = TypeVar("A", bound=Aggregate)

# A decision loads what it needs and returns the changed aggregates, main one first: the
# main aggregate's last new event is the command's result.
Decision = Callable[[Stamp], Sequence[Aggregate]]


@dataclass(frozen=True)
class Recorded:
    """What a command returns: where its main event went and the event's derived id."""

    aggregate_id: UUID
    event_id: UUID
    version: int


class Service(Application[UUID]):
    def _run(
        self,
        command: str,
        actor: Actor,
        *,
        at: datetime | None,
        idempotency_key: str | None,
        decide: Decision,
    ) -> Recorded:
        if not isinstance(actor, Actor):
            raise InvalidInput("actor must be a domain.actors.Actor.")
        key = _check_key(idempotency_key)
        stamp = Stamp(at=resolve_at(at, utc_now()), recorded_by=actor.recorded_by,
                      idempotency_key=key)
        record_id = idempotency_record_id(actor.recorded_by, key) if key else None
        for attempt in range(MAX_ATTEMPTS):
            if record_id is not None:
                earlier = self._remembered(record_id, command)
                if earlier is not None:
                    return earlier
            changed = [agg for agg in decide(stamp) if agg.pending_events]
            if not changed:  # every decision writes something; this is a programming error
                raise AssertionError(f"{command} decided nothing")
            main_event = changed[0].pending_events[-1]
            recorded = Recorded(
                aggregate_id=main_event.originator_id,
                event_id=event_id(main_event.originator_id, main_event.originator_version),
                version=main_event.originator_version,
            )
            if record_id is not None:
                changed.append(IdempotencyRecord.remember(
                    record_id, command=command, aggregate_id=recorded.aggregate_id,
                    event_id=recorded.event_id, version=recorded.version, stamp=stamp,
                ))
            try:
                self.save(*changed)
            except IntegrityError:
                # Someone wrote to one of these aggregates (or used this key) first:
                # reload and decide again on the new version.
                _backoff(attempt)
                continue
            except OperationalError as error:
                if "locked" not in str(error).lower():
                    raise
                _backoff(attempt)
                continue
            return recorded
        raise ConcurrentUpdate(
            "Too many people are changing this at the same moment; please try again."
        )

    def _remembered(self, record_id: UUID, command: str) -> Recorded | None:
        try:
            record = self.repository.get(record_id)
        except AggregateNotFoundError:
            return None
        if record.command != command:
            raise IdempotencyConflict(
                f"This idempotency key was already used for {record.command}.",
                command=record.command,
            )
        return Recorded(UUID(record.aggregate_id), UUID(record.event_id), record.version)

    def _take_snapshots(self, processing_event: Any) -> None:
        # Snapshots are an optimisation taken after the commit: never fail a command on one.
        try:
            super()._take_snapshots(processing_event)
        except Exception:
            log.exception("snapshot failed (the command itself was saved)")

    # -- loading -----------------------------------------------------------------------

    def _load(self, cls: type[A], aggregate_id: UUID | str, what: str, *,
              read_only: bool = False) -> A:
        try:
            aggregate = self.repository.get(as_uuid(aggregate_id, f"{what} id"),
                                            deepcopy_from_cache=not read_only)
        except AggregateNotFoundError:
            aggregate = None
        if not isinstance(aggregate, cls):
            if cls is Person:
                raise UnknownPerson(f"No person with id {aggregate_id}.", person=str(aggregate_id))
            raise UnknownAggregate(f"No {what} with id {aggregate_id}.", id=str(aggregate_id))
        return aggregate

    def _find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, cls) else None

    def _active_person(self, person_id: UUID | str) -> Person:
        """The person, read-only: the cached aggregate itself (fast-forwarded, not copied),
        which callers must not change."""
        person = self._load(Person, person_id, "person", read_only=True)
        person.ensure_active()
        return person

    def _active_people(self, *person_ids: str) -> None:
        for person_id in person_ids:
            self._active_person(person_id)

    def _find_event(self, aggregate: Aggregate, event: str) -> GoodwillEvent | None:
        """The event of `aggregate` whose derived id is `event`, searching newest first
        (thanks and confirmations usually name recent events)."""
        wanted = as_uuid(event, "event id")
        for version in range(aggregate.version, 0, -1):
            if event_id(aggregate.id, version) == wanted:
                found = list(self.events.get(aggregate.id, gt=version - 1, lte=version))
                return found[0] if found else None  # type: ignore[return-value]
        return None

    @staticmethod
    def _on_behalf(actor: Actor, person: UUID | str | None, what: str = "person") -> str:
        """The person a command is for: the acting person by default; admin and system may
        name anyone, a person only themself."""
        if person is None:
            if actor.person_id is None:
                raise InvalidInput(f"Name the {what} this is recorded for.")
            return actor.person_id
        person_id = as_id(person, f"{what} id")
        if not actor.is_privileged and person_id != actor.person_id:
            raise Forbidden(f"You can only act as yourself here, not as another {what}.")
        return person_id


def _check_key(key: str | None) -> str | None:
    if key is None:
        return None
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(f"An idempotency key is a non-empty text of at most "
                           f"{MAX_KEY_LENGTH} characters.")
    return key


def _backoff(attempt: int) -> None:
    time.sleep(random.uniform(0, 0.002 * 2 ** min(attempt, 7)))
