"""Commands about a person: registration, profile, brokering preference, merging of
duplicate records, erasure."""

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
    HolderOf,
    PersonId,
    Themself,
    command,
)
from domain.errors import AlreadyExists, AlreadyMerged, Forbidden, SelfMerge
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
        # the records merged into this person are the same person's data: forgotten too
        duplicates: list[Person] = []
        waiting = list(subject.absorbed)
        while waiting:  # a duplicate may have absorbed records of its own before
            duplicate = self._load(Person, waiting.pop(0), "person")
            duplicate.forget_with_survivor(stamp=stamp)
            duplicates.append(duplicate)
            waiting.extend(duplicate.absorbed)
        return [subject, *duplicates]

    @command("Merge two records of one person: the duplicate's history, ties and identifiers "
             "count for the survivor from now on, and commands naming the duplicate are "
             "refused (PERSON_MERGED, naming the survivor). Admin may merge any two; a "
             "person may merge into themself a record someone else registered that was "
             "never changed by its person (an import).",
             issuer=HolderOf("admin, or the survivor themself when the duplicate is an "
                             "imported record"))
    def merge_people(
        self, actor: Actor, stamp: Stamp, *,
        survivor: Annotated[PersonId, Doc("The record that stays.")],
        duplicate: Annotated[PersonId, Doc("The record merged into the survivor.")],
    ) -> Changed:
        if survivor == duplicate:
            raise SelfMerge("A person cannot be merged into themself.", person=survivor)
        keeper = self._load(Person, survivor, "person")
        merged = self._load(Person, duplicate, "person")
        if merged.merged_into is not None:
            raise AlreadyMerged(f"This record was merged into person {merged.merged_into} "
                                "already.", person=duplicate, survivor=merged.merged_into)
        if not actor.is_privileged:
            if actor.person_id != survivor:
                raise Forbidden("Only an admin, or the surviving person themself, merges "
                                "records.", person=survivor)
            if merged.acted_themself:
                raise Forbidden("That record is someone's own (they registered or changed "
                                "it themself): an admin merges it.", person=duplicate)
        merged.merge_into(keeper, stamp=stamp)
        return [merged, keeper]
