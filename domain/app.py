"""The command side of Goodwill: `Goodwill`, an eventsourcing Application.

    app = Goodwill.from_settings()       # GOODWILL_EVENT_STORE (config), default SQLite file
    me = app.register_person(Actor.admin(), name="Ada").aggregate_id
    app.record_meeting(Actor.person(me), a=me, b=other, context="coffee")

Every command takes the actor first, then keyword arguments, optional `at` and
`idempotency_key`, and returns `Recorded(aggregate_id, event_id, version)`."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

import config
from domain import store
from domain.actors import Actor
from domain.base import GoodwillEvent, Stamp, utc_now
from domain.commands.groups import GroupCommands
from domain.commands.introductions import IntroductionCommands
from domain.commands.people import PeopleCommands
from domain.commands.referrals import ReferralCommands
from domain.commands.relationships import RelationshipCommands
from domain.errors import InvalidInput, UnknownAggregate, UnknownPerson
from domain.group import Group
from domain.ids import as_uuid, relationship_id
from domain.introduction import Introduction
from domain.person import Person
from domain.referral import Referral
from domain.relationship import Relationship
from domain.service import Recorded
from domain.tokens import TokenRevocation, revocation_id

__all__ = ["AGGREGATES", "Goodwill", "Recorded"]

AGGREGATES = (Person, Relationship, Introduction, Referral, Group)

# A relationship can collect thousands of events; a snapshot every this many keeps a load
# to at most this many events on top of the snapshot.
RELATIONSHIP_SNAPSHOT_INTERVAL = 100

class Goodwill(
    PeopleCommands, RelationshipCommands, IntroductionCommands, ReferralCommands, GroupCommands
):
    name = "Goodwill"
    snapshotting_intervals: ClassVar[dict[type[Aggregate], int]] = {  # type: ignore[assignment]
        Relationship: RELATIONSHIP_SNAPSHOT_INTERVAL
    }
    env: ClassVar[dict[str, str]] = {
        # Aggregates are cached and fast-forwarded from the store on every load, so
        # the cache is safe with several processes writing.
        "AGGREGATE_CACHE_MAXSIZE": "20000",
    }

    @classmethod
    def from_url(cls, url: str, **extra: str) -> Goodwill:
        return cls(env={**store.settings_for(url), **extra})

    @classmethod
    def from_settings(cls, settings: config.Settings | None = None) -> Goodwill:
        """Build on the configured event store (GOODWILL_EVENT_STORE, see `config`)."""
        return cls.from_url((settings or config.load()).event_store)

    # -- reads for the API -------------------------------------------------------------

    # -- API tokens --------------------------------------------------------------------

    def revoke_token(self, actor: Actor, token_id: str) -> bool:
        """Remember that the token `token_id` no longer works; False when it already was
        revoked."""
        if not isinstance(token_id, str) or not 0 < len(token_id) <= 100:
            raise InvalidInput("A token id is a short text (the `id` of the token).")
        if self.is_token_revoked(token_id):
            return False
        stamp = Stamp(at=utc_now(), recorded_by=actor.recorded_by, idempotency_key=None)
        try:
            self.save(TokenRevocation.revoke(token_id, stamp))
        except IntegrityError:  # revoked at the same moment by someone else
            return False
        return True

    def is_token_revoked(self, token_id: str) -> bool:
        # Asked on every request: one indexed read of at most one record, no aggregate
        # built (and no exception raised for the usual answer, "not revoked").
        return bool(self.recorder.select_events(revocation_id(token_id), limit=1))

    def get_person(self, person: UUID | str) -> Person:
        """The person's current state (blank name etc. once forgotten; check `.forgotten`)."""
        return self._load(Person, person, "person")

    def is_forgotten(self, person: UUID | str) -> bool:
        """Whether the person was forgotten; False for an id no person has (yet). Read
        from the cached aggregate, not a copy: asked of a person's token on every request."""
        try:
            return self._load(Person, person, "person", read_only=True).forgotten
        except UnknownPerson:
            return False

    def survivor_of(self, person: UUID | str) -> str | None:
        """The record a merged-away person now lives on (following merges of merges); None
        for a record never merged, or an id that is no person."""
        try:
            found = self._load(Person, person, "person", read_only=True)
        except (UnknownPerson, InvalidInput):
            return None
        survivor = None
        while found.merged_into is not None:
            survivor = found.merged_into
            found = self._load(Person, survivor, "person", read_only=True)
        return survivor

    def records_of(self, person: UUID | str) -> list[str]:
        """The person's id, then the ids of every record merged into them, in merge
        order (merges of merges included)."""
        found, waiting = [str(as_uuid(person, "person id"))], []
        waiting.extend(self._load(Person, found[0], "person", read_only=True).absorbed)
        while waiting:
            record = waiting.pop(0)
            found.append(record)
            waiting.extend(self._load(Person, record, "person", read_only=True).absorbed)
        return found

    def find_relationship(self, a: UUID | str, b: UUID | str) -> Relationship | None:
        return self._find(Relationship, relationship_id(a, b))

    def get_relationship(self, a: UUID | str, b: UUID | str) -> Relationship:
        tie = self.find_relationship(a, b)
        if tie is None:
            raise UnknownAggregate("These two people have no relationship.", a=str(a), b=str(b))
        return tie

    def relationship_pair(self, relationship: UUID | str) -> tuple[str, str]:
        """The two people of a relationship, by the relationship's own id."""
        tie = self._load(Relationship, relationship, "relationship", read_only=True)
        return tie.pair

    def get_introduction(self, introduction: UUID | str) -> Introduction:
        return self._load(Introduction, introduction, "introduction")

    def get_referral(self, referral: UUID | str) -> Referral:
        return self._load(Referral, referral, "referral")

    def get_group(self, group: UUID | str) -> Group:
        return self._load(Group, group, "group")

    def history(self, aggregate_id: UUID | str) -> list[GoodwillEvent]:
        """The events of one aggregate, oldest first (for audit trails). Personal data of
        forgotten people reads as erased (their keys are gone, see `domain.privacy`)."""
        uid = as_uuid(aggregate_id, "aggregate id")
        events: list[GoodwillEvent] = list(self.events.get(uid))  # type: ignore[arg-type]
        if not events:
            raise UnknownAggregate(f"Nothing has been recorded under {uid}.", id=str(uid))
        return events

    def max_notification_id(self) -> int:
        """Position of the newest event in the notification log (0 when empty): a
        projection's lag is this minus its own position."""
        return self.recorder.max_notification_id() or 0

    def exists(self, aggregate_id: UUID | str) -> bool:
        try:
            self.repository.get(as_uuid(aggregate_id, "aggregate id"))
        except AggregateNotFoundError:
            return False
        return True
