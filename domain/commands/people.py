from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID, uuid4

from domain.actors import Actor
from domain.base import Stamp
from domain.errors import AlreadyExists
from domain.ids import as_uuid
from domain.person import Person
from domain.service import Recorded, Service


class PeopleCommands(Service):
    def register_person(
        self,
        actor: Actor,
        *,
        name: str,
        headline: str | None = "",
        organization: str | None = None,
        tags: Sequence[str] | None = None,
        person_id: UUID | str | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """Anyone may register a person. `person_id` lets imports keep their ids."""
        new_id = uuid4() if person_id is None else as_uuid(person_id, "person id")

        def decide(stamp: Stamp) -> list[Person]:
            if self._exists(new_id):
                raise AlreadyExists("A person (or something else) already has that id.",
                                    id=str(new_id))
            return [Person.register(new_id, name=name, headline=headline,
                                    organization=organization,
                                    tags=None if tags is None else list(tags), stamp=stamp)]

        return self._run("register_person", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def update_profile(
        self,
        actor: Actor,
        *,
        person: UUID | str | None = None,
        name: str | None = None,
        headline: str | None = None,
        organization: str | None = None,
        tags: Sequence[str] | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """Each of name/headline/organization/tags is left unchanged when None;
        organization "" clears it. Only the person themself or an admin."""
        person_id = self._on_behalf(actor, person)

        def decide(stamp: Stamp) -> list[Person]:
            subject = self._load(Person, person_id, "person")
            subject.update_profile(name=name, headline=headline, organization=organization,
                                   tags=None if tags is None else list(tags), stamp=stamp)
            return [subject]

        return self._run("update_profile", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def set_brokering_preference(
        self,
        actor: Actor,
        *,
        accepts_introduction_requests: bool,
        note: str | None = "",
        person: UUID | str | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        person_id = self._on_behalf(actor, person)

        def decide(stamp: Stamp) -> list[Person]:
            subject = self._load(Person, person_id, "person")
            subject.set_brokering_preference(
                accepts_introduction_requests=accepts_introduction_requests, note=note,
                stamp=stamp,
            )
            return [subject]

        return self._run("set_brokering_preference", actor, at=at,
                         idempotency_key=idempotency_key, decide=decide)

    def forget_person(
        self,
        actor: Actor,
        *,
        person: UUID | str | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """Erasure: the person's data disappears from reads; their history stays, anonymous."""
        person_id = self._on_behalf(actor, person)

        def decide(stamp: Stamp) -> list[Person]:
            subject = self._load(Person, person_id, "person")
            subject.forget(stamp=stamp)
            return [subject]

        return self._run("forget_person", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)
