"""Commands about a person: registration, profile, brokering preference, erasure."""

from __future__ import annotations

from typing import Annotated, ClassVar
from uuid import uuid4

from eventsourcing.domain import Aggregate

from domain.actors import Actor
from domain.base import Stamp
from domain.declarations import (
    Anyone,
    Changed,
    Doc,
    ForWhom,
    PersonId,
    Themself,
    command,
)
from domain.errors import AlreadyExists
from domain.fields import (
    BrokeringNote,
    Emails,
    Headline,
    Organization,
    PersonName,
    Phones,
    Profiles,
    Tags,
)
from domain.ids import as_uuid
from domain.person import Person
from domain.service import Service


class PeopleCommands(Service):
    aggregate: ClassVar[type[Aggregate]] = Person

    @command("Register a new person.", issuer=Anyone())
    def register_person(
        self, actor: Actor, stamp: Stamp, *, name: PersonName, headline: Headline = "",
        organization: Organization = None, tags: Tags | None = None,
        person_id: Annotated[PersonId | None, Doc("An id to keep (imports); default new.")]
        = None,
        emails: Emails | None = None, phones: Phones | None = None,
        profiles: Profiles | None = None,
    ) -> Changed:
        new_id = uuid4() if person_id is None else as_uuid(person_id, "person id")
        if self._exists(new_id):
            raise AlreadyExists("A person (or something else) already has that id.",
                                id=str(new_id))
        return [Person.register(new_id, name=name, headline=headline,
                                organization=organization, tags=tags, emails=emails,
                                phones=phones, profiles=profiles, stamp=stamp)]

    @command("Set the e-mail addresses, phone numbers or profile URLs a person is known by "
             "(imports match on them); each list given replaces the one held.",
             issuer=Themself("person"))
    def set_identifiers(
        self, actor: Actor, stamp: Stamp, *, person: ForWhom = None,
        emails: Annotated[Emails | None, Doc("Unchanged when omitted.")] = None,
        phones: Annotated[Phones | None, Doc("Unchanged when omitted.")] = None,
        profiles: Annotated[Profiles | None, Doc("Unchanged when omitted.")] = None,
    ) -> Changed:
        subject = self._load(Person, person, "person")  # type: ignore[arg-type]
        subject.set_identifiers(emails=emails, phones=phones, profiles=profiles, stamp=stamp)
        return [subject]

    @command("Change a profile; omitted fields stay as they are (organization \"\" clears "
             "it).", issuer=Themself("person"))
    def update_profile(
        self, actor: Actor, stamp: Stamp, *, person: ForWhom = None,
        name: Annotated[PersonName | None, Doc("Unchanged when omitted.")] = None,
        headline: Annotated[Headline | None, Doc("Unchanged when omitted.")] = None,
        organization: Organization = None, tags: Tags | None = None,
    ) -> Changed:
        subject = self._load(Person, person, "person")  # type: ignore[arg-type]
        subject.update_profile(name=name, headline=headline, organization=organization,
                               tags=tags, stamp=stamp)
        return [subject]

    @command("Whether one accepts introduction requests as a broker.",
             issuer=Themself("person"))
    def set_brokering_preference(
        self, actor: Actor, stamp: Stamp, *, accepts_introduction_requests: bool,
        note: BrokeringNote = "",
        person: ForWhom = None,
    ) -> Changed:
        subject = self._load(Person, person, "person")  # type: ignore[arg-type]
        subject.set_brokering_preference(
            accepts_introduction_requests=accepts_introduction_requests, note=note,
            stamp=stamp)
        return [subject]

    @command("Erase a person's personal data; their history stays, anonymous.",
             issuer=Themself("person"))
    def forget_person(self, actor: Actor, stamp: Stamp, *,
                      person: ForWhom = None) -> Changed:
        subject = self._load(Person, person, "person")  # type: ignore[arg-type]
        subject.forget(stamp=stamp)
        return [subject]
