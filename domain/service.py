"""The machinery every command shares: resolve `at`, run the decision, save everything it
changed in ONE `save()` (one transaction), remember the idempotency key in that same
transaction, and on an optimistic-concurrency conflict reload and decide again.

`batch()` runs many commands against one another's unsaved results and saves them all in
one transaction: imports of history pay one commit per batch instead of one per command."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    ApplicationRecorder,
    EventStore,
    IntegrityError,
    InternalError,
    Mapper,
    OperationalError,
    ProgrammingError,
    Recording,
)
from eventsourcing.popo import POPOFactory
from eventsourcing.utils import Environment
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_random

from domain.actors import Actor
from domain.base import GoodwillEvent, Stamp, resolve_at, utc_now
from domain.batch_memory import BatchMemory
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
from domain.privacy import index, master, recorders
from domain.privacy.keyring import Keyring
from domain.privacy.mapper import SealingMapper
from domain.store_faults import store_faults

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 50
MAX_KEY_LENGTH = 200
# How long a command tries again while another writer holds the store's lock.
LOCKED_RETRY_S = 5.0
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


@dataclass
class _Batch:
    """Aggregates loaded or created by the commands of one batch, in memory until saved."""

    aggregates: dict[UUID, Aggregate] = field(default_factory=dict)
    read_only: dict[UUID, Aggregate] = field(default_factory=dict)  # checked, not changed
    absent: set[UUID] = field(default_factory=set)  # asked for, not in the store
    memory: BatchMemory | None = None  # what earlier batches left, when this batch has it
    failed: BaseException | None = None
    # Every event of the batch in the order its commands decided it, and how many of each
    # aggregate's pending events are in that list: the store keeps the commands' order, so a
    # person registered in the batch comes before the service a group records for them
    # (grouped by aggregate, a group touched earlier put the service first, and a reader
    # of the store that stopped between the two saw a service of nobody).
    events: list[Any] = field(default_factory=list)
    taken: dict[UUID, int] = field(default_factory=dict)

    def keep(self, changed: list[Aggregate]) -> None:
        for aggregate in changed:
            self.aggregates[aggregate.id] = aggregate
            pending = aggregate.pending_events
            self.events.extend(pending[self.taken.get(aggregate.id, 0):])
            self.taken[aggregate.id] = len(pending)


# Every process creates the store's tables if they are missing. On PostgreSQL two
# CREATE TABLE IF NOT EXISTS at once can fail ("tuple concurrently updated", "already
# exists", a duplicate catalogue row); the statements are idempotent, so the loser tries
# again.
_retried_if_tables_race = retry(
    retry=retry_if_exception_type((InternalError, IntegrityError, ProgrammingError)),
    stop=stop_after_attempt(8),
    wait=wait_random(0.02, 0.2),
    reraise=True,
)


class Service(Application[UUID]):
    aggregate: ClassVar[type[Aggregate]]  # each command module's main aggregate
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._local = threading.local()  # the batch open in this thread, if any
        self._memory = BatchMemory()  # what batches remember between them
        self._memory_lock = threading.Lock()  # one batch at a time uses the memory

    def construct_env(self, name: str, env: Any = None) -> Environment:
        environment = super().construct_env(name, env)
        recorder = recorders.topic_for(environment.get("PERSISTENCE_MODULE", ""))
        if recorder and not environment.get("APPLICATION_RECORDER_TOPIC"):
            environment["APPLICATION_RECORDER_TOPIC"] = recorder  # keeps people's keys too
        return environment

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(),
                                   mapper_class=SealingMapper)

    @_retried_if_tables_race
    def construct_recorder(self) -> ApplicationRecorder:
        recorder = (recorders.MemoryRecorder() if isinstance(self.factory, POPOFactory)
                    else super().construct_recorder())
        assert isinstance(self.mapper, SealingMapper)
        # GOODWILL_MASTER_KEY given to this application (env=…) wins over the settings.
        keys = master.configured(self.env.get("MASTER_KEY"), self.env.get("MASTER_KEY_PREVIOUS"))
        self.mapper.keyring = Keyring(cast(recorders.PersonKeys, recorder), keys)
        return recorder

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        assert isinstance(self.mapper, SealingMapper)
        # Which aggregates name whom, written with the events (read by a person's export).
        processing_event.saved_kwargs[recorders.NAMED] = index.pairs(processing_event.events)
        with self.mapper.saving(processing_event.aggregates, processing_event.events):
            recordings = super()._record(processing_event)
        # Committed: the keys of people forgotten just now are gone from the store.
        self.mapper.keyring.forgotten(str(e.originator_id) for e in processing_event.events
                                      if isinstance(e, Person.PersonForgotten))
        return recordings

    @_retried_if_tables_race
    def construct_snapshot_store(self) -> EventStore[UUID]:
        return super().construct_snapshot_store()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Commands inside the block decide against one another's results and are saved
        together, in one transaction, when the block ends: all or nothing. If any command
        fails, nothing of the batch is saved and the error propagates. Another writer
        changing one of the batch's aggregates first raises ConcurrentUpdate (the batch can
        be run again).

        Aggregates a batch saved or read stay in memory for the next batch of this
        application as long as nobody else writes to the store in between: a batch decides
        against the store as it found it when the batch began, plus its own results."""
        if self._batch is not None:
            raise RuntimeError("batches do not nest")
        work = _Batch()
        self._local.batch = work
        try:
            if self._memory_lock.acquire(blocking=False):  # another thread's batch may have it
                work.memory = self._memory
                work.memory.begin(self.recorder.max_notification_id() or 0)
            yield
            if work.failed is not None:
                raise work.failed
            changed = [agg for agg in work.aggregates.values() if agg.pending_events]
            if changed:
                self._save_batch(work, changed)
        except BaseException:
            if work.memory is not None:  # its aggregates may hold unsaved changes
                work.memory.discard(work.aggregates)
            raise
        finally:
            self._local.batch = None
            if work.memory is not None:
                self._memory_lock.release()

    def _save_batch(self, work: _Batch, changed: list[Aggregate]) -> None:
        # What save() does, minus its runtime protocol checks of every object given (about
        # 40 µs an aggregate on Python 3.11, and a batch saves thousands).
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        work.keep(changed)  # an aggregate changed outside a command's result, last
        processing_event.events.extend(work.events)
        for aggregate in changed:
            aggregate.collect_events()
            processing_event.aggregates[aggregate.id] = aggregate
        try:
            recordings = self._record(processing_event)
        except BaseException as error:
            if work.memory is not None:
                work.memory.forget()
            if isinstance(error, IntegrityError):
                raise ConcurrentUpdate(
                    "Someone changed the same records while this batch was being decided; "
                    "nothing of it was saved. Run it again.") from None
            raise
        if work.memory is not None:
            work.memory.saved(changed, processing_event.events,
                              [r.notification.id for r in recordings])
        self._take_snapshots(processing_event)
        self._notify(recordings)
        self.notify(processing_event.events)  # deprecated library hook, as save() calls it

    @property
    def _batch(self) -> _Batch | None:
        return getattr(self._local, "batch", None)

    def _run(
        self,
        command: str,
        actor: Actor,
        *,
        at: datetime | None,
        idempotency_key: str | None,
        decide: Decision,
        arguments: str | None = None,
    ) -> Recorded:
        """`arguments`: the hash of the command's arguments, kept with its key."""
        if not isinstance(actor, Actor):
            raise InvalidInput("actor must be a domain.actors.Actor.")
        key = _check_key(idempotency_key)
        stamp = Stamp(at=resolve_at(at, utc_now()), recorded_by=actor.recorded_by,
                      idempotency_key=key)
        record_id = idempotency_record_id(actor.recorded_by, key) if key else None
        work = self._batch
        if work is not None:
            return self._run_in_batch(work, command, stamp, record_id, decide, arguments)
        with store_faults():
            return self._run_alone(command, stamp, record_id, decide, arguments)

    def _run_alone(self, command: str, stamp: Stamp, record_id: UUID | None,
                   decide: Decision, arguments: str | None) -> Recorded:
        locked_until = time.monotonic() + LOCKED_RETRY_S
        for attempt in range(MAX_ATTEMPTS):
            if record_id is not None:
                earlier = self._remembered(record_id, command, arguments)
                if earlier is not None:
                    return earlier
            changed, recorded = self._decide(command, stamp, record_id, decide, arguments)
            try:
                self.save(*changed)
            except IntegrityError:
                # Someone wrote to one of these aggregates (or used this key) first:
                # reload and decide again on the new version.
                _backoff(attempt)
                continue
            except OperationalError as error:
                # SQLite's busy wait already ran; past this the store counts as unavailable
                if "locked" not in str(error).lower() or time.monotonic() > locked_until:
                    raise
                _backoff(attempt)
                continue
            return recorded
        raise ConcurrentUpdate(
            "Too many people are changing this at the same moment; please try again."
        )

    def _run_in_batch(self, work: _Batch, command: str, stamp: Stamp, record_id: UUID | None,
                      decide: Decision, arguments: str | None) -> Recorded:
        if work.failed is not None:
            raise InvalidInput("An earlier command of this batch failed; the batch will not "
                               "be saved.")
        try:
            earlier = (self._remembered(record_id, command, arguments)
                       if record_id is not None else None)
            if earlier is not None:
                return earlier
            changed, recorded = self._decide(command, stamp, record_id, decide, arguments)
        except BaseException as error:
            # The decision may have changed aggregates of the batch before it failed.
            work.failed = error
            raise
        work.keep(changed)
        return recorded

    @staticmethod
    def _decide(command: str, stamp: Stamp, record_id: UUID | None, decide: Decision,
                arguments: str | None) -> tuple[list[Aggregate], Recorded]:
        """Run the decision: the aggregates it changed (plus the idempotency record) and
        what the command returns."""
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
                event_id=recorded.event_id, version=recorded.version,
                arguments_hash=arguments, stamp=stamp,
            ))
        return changed, recorded

    def _get(self, aggregate_id: UUID, *, read_only: bool = False) -> Aggregate:
        """The aggregate, from the open batch when it holds it (with its unsaved events)."""
        work = self._batch
        if work is None:
            return self.repository.get(aggregate_id, deepcopy_from_cache=not read_only)
        aggregate = work.aggregates.get(aggregate_id)
        if aggregate is not None:
            return aggregate
        if work.memory is not None:
            aggregate = self._recall(work.memory, aggregate_id)
        elif aggregate_id in work.absent:
            raise AggregateNotFoundError(aggregate_id)
        elif read_only:
            aggregate = work.read_only.get(aggregate_id)
            if aggregate is None:
                aggregate = self._read(work, aggregate_id, copy=False)
                work.read_only[aggregate_id] = aggregate
            return aggregate
        else:
            aggregate = self._read(work, aggregate_id, copy=True)  # the batch may change it
        if not read_only:
            work.aggregates[aggregate_id] = aggregate
        return aggregate

    def _recall(self, memory: BatchMemory, aggregate_id: UUID) -> Aggregate:
        """From the batches' memory, or read from the store into it (a copy of its own:
        later batches change it in place)."""
        aggregate = memory.recall(aggregate_id)
        if aggregate is None:
            try:
                aggregate = self.repository.get(aggregate_id)
            except AggregateNotFoundError:
                memory.note_absent(aggregate_id)
                raise
            memory.hold(aggregate)
        return aggregate

    def _read(self, work: _Batch, aggregate_id: UUID, *, copy: bool) -> Aggregate:
        try:
            return self.repository.get(aggregate_id, deepcopy_from_cache=copy)
        except AggregateNotFoundError:
            work.absent.add(aggregate_id)
            raise

    def _exists(self, aggregate_id: UUID) -> bool:
        if self._batch is None:
            return aggregate_id in self.repository
        try:
            self._get(aggregate_id, read_only=True)
        except AggregateNotFoundError:
            return False
        return True

    def _remembered(self, record_id: UUID, command: str,
                    arguments: str | None) -> Recorded | None:
        try:
            record = self._get(record_id, read_only=True)
        except AggregateNotFoundError:
            return None
        assert isinstance(record, IdempotencyRecord)
        if record.command != command:
            raise IdempotencyConflict(
                f"This idempotency key was already used for {record.command}.",
                command=record.command,
            )
        kept = getattr(record, "arguments_hash", None)  # records of old stores have none
        if kept is not None and arguments is not None and kept != arguments:
            raise IdempotencyConflict(
                f"This idempotency key was already used for {command} with other arguments; "
                "send a new key for a new request.", command=command)
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
            aggregate = self._get(as_uuid(aggregate_id, f"{what} id"), read_only=read_only)
        except AggregateNotFoundError:
            aggregate = None
        if not isinstance(aggregate, cls):
            if cls is Person:
                raise UnknownPerson(f"No person with id {aggregate_id}.", person=str(aggregate_id))
            raise UnknownAggregate(f"No {what} with id {aggregate_id}.", id=str(aggregate_id))
        return aggregate

    def _find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        try:
            aggregate = self._get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, cls) else None

    def _active_person(self, person_id: UUID | str) -> Person:
        """The person, read-only: the cached aggregate itself (fast-forwarded, not copied),
        which callers must not change."""
        person = self._load(Person, person_id, "person", read_only=True)
        person.ensure_active()
        return person

    def _survivor(self, person_id: str) -> str:
        """The record `person_id` lives on now: itself, or the person it was merged into
        (following merges of merges); an id that is no person is left to the decision."""
        for _ in range(1000):  # a merge never makes a cycle; the bound is a guard
            try:
                found = self._load(Person, person_id, "person", read_only=True)
            except (UnknownPerson, InvalidInput):
                return person_id
            if found.merged_into is None:
                return person_id
            person_id = found.merged_into
        return person_id

    def _records(self, person_id: str) -> list[str]:
        """The person's record, then every record merged into them (merges of merges)."""
        found, waiting = [person_id], [person_id]
        while waiting:
            absorbed = self._load(Person, waiting.pop(0), "person", read_only=True).absorbed
            found.extend(absorbed)
            waiting.extend(absorbed)
        return found

    def _active_people(self, *person_ids: str) -> None:
        for person_id in person_ids:
            self._active_person(person_id)

    def _held(self, actor: Actor, cls: type[A], aggregate_id: str, what: str, holder: str,
              refusal: str) -> A:
        """The `what` when the actor is its `holder` (its broker, its receiver …) or
        privileged, and the holder is active; Forbidden with `refusal` otherwise."""
        found = self._load(cls, aggregate_id, what)
        person = self._survivor(getattr(found, holder))  # a merged-away holder's is theirs
        if not actor.is_privileged and actor.person_id != person:
            raise Forbidden(refusal, **{what: str(found.id)})
        self._active_people(person)
        return found

    def _find_event(self, aggregate: Aggregate, event: str) -> GoodwillEvent | None:
        """The event of `aggregate` whose derived id is `event`, searching newest first
        (thanks and confirmations usually name recent events)."""
        wanted = as_uuid(event, "event id")
        for version in range(aggregate.version, 0, -1):
            if event_id(aggregate.id, version) == wanted:
                found: list[Any] = [e for e in aggregate.pending_events
                                    if e.originator_version == version]
                found = found or self._saved_event(aggregate.id, version)
                found = found or list(self.events.get(aggregate.id, gt=version - 1, lte=version))
                return found[0] if found else None
        return None

    def _saved_event(self, aggregate_id: UUID, version: int) -> list[GoodwillEvent]:
        """The event, if an earlier batch saved it recently (saves reading it back)."""
        work = self._batch
        found = None if work is None or work.memory is None else work.memory.event(
            aggregate_id, version)
        return [] if found is None else [found]

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
