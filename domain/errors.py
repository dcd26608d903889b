"""Typed domain errors. Each has a stable `code` (API clients branch on it) and a `message`
written for a person. `details` carries the ids involved, for logs and API extensions.
A command that raises one of these has written nothing."""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    code: ClassVar[str] = "DOMAIN_ERROR"

    def __init__(self, message: str, **details: str) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class UnknownPerson(DomainError):
    code = "UNKNOWN_PERSON"


class PersonIsForgotten(DomainError):
    code = "PERSON_FORGOTTEN"


class PersonWasMerged(DomainError):
    """The person's record was merged into another (`merge_people`): commands name the
    surviving record instead (its id is in `details["survivor"]`)."""

    code = "PERSON_MERGED"


class SelfMerge(DomainError):
    code = "SELF_MERGE"


class AlreadyMerged(DomainError):
    """The duplicate of a merge was merged already (into this or another person)."""

    code = "ALREADY_MERGED"


class SelfRelationship(DomainError):
    code = "SELF_RELATIONSHIP"


class IntroductionOfOnePerson(DomainError):
    """Two of an introduction's people (requester, target, broker, or the two introduced)
    were records of one person, merged since: it cannot be accepted, made or confirmed
    (the broker may still decline a request, either introduced refuse it)."""

    code = "INTRODUCTION_OF_ONE_PERSON"


class NotAParticipant(DomainError):
    code = "NOT_A_PARTICIPANT"


class Forbidden(DomainError):
    """The actor may not act for that person (e.g. edit someone else's profile)."""

    code = "FORBIDDEN"


class InvalidTransition(DomainError):
    code = "INVALID_TRANSITION"


class UnconfirmableThanks(DomainError):
    code = "UNCONFIRMABLE_THANKS"


class UnknownEvent(DomainError):
    code = "UNKNOWN_EVENT"


class FutureEvent(DomainError):
    code = "FUTURE_EVENT"


class InvalidInput(DomainError):
    code = "INVALID_INPUT"


class UnknownAggregate(DomainError):
    code = "UNKNOWN_AGGREGATE"


class NotAMember(DomainError):
    code = "NOT_A_MEMBER"


class AlreadyExists(DomainError):
    code = "ALREADY_EXISTS"


class AlreadyConnected(DomainError):
    code = "ALREADY_CONNECTED"


class NotConnected(DomainError):
    """A broker introduces only people they have a tie with."""

    code = "NOT_CONNECTED"


class BrokerUnavailable(DomainError):
    """The broker has opted out of introduction requests."""

    code = "BROKER_UNAVAILABLE"


class IdempotencyConflict(DomainError):
    """The idempotency key was already used for a different command."""

    code = "IDEMPOTENCY_CONFLICT"


class ConcurrentUpdate(DomainError):
    """Retries were exhausted under heavy contention; the command may be sent again."""

    code = "CONCURRENT_UPDATE"


class EventStoreUnavailable(DomainError):
    """The event store cannot be reached or is locked by another writer; nothing was
    written, and the command may be sent again."""

    code = "EVENT_STORE_UNAVAILABLE"


class EventStoreCorrupt(DomainError):
    """The event store's files are damaged: an operator restores them from a backup."""

    code = "EVENT_STORE_CORRUPT"


ALL_ERRORS: tuple[type[DomainError], ...] = (
    UnknownPerson,
    PersonIsForgotten,
    PersonWasMerged,
    SelfMerge,
    AlreadyMerged,
    SelfRelationship,
    IntroductionOfOnePerson,
    NotAParticipant,
    Forbidden,
    InvalidTransition,
    UnconfirmableThanks,
    UnknownEvent,
    FutureEvent,
    InvalidInput,
    UnknownAggregate,
    NotAMember,
    AlreadyExists,
    AlreadyConnected,
    NotConnected,
    BrokerUnavailable,
    IdempotencyConflict,
    ConcurrentUpdate,
    EventStoreUnavailable,
    EventStoreCorrupt,
)
