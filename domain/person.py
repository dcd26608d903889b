"""Person: a member of the network. Registered, updated, and possibly forgotten (erasure)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import identifiers
from domain.base import MAX_NAME, GoodwillEvent, Stamp, optional_text, tag_list, text
from domain.declarations import PersonId
from domain.errors import InvalidInput, PersonIsForgotten, PersonWasMerged
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


class Person(Aggregate):
    if TYPE_CHECKING:  # state, set by the events' apply(); not constructor fields
        name: str
        headline: str
        organization: str | None
        tags: list[str]
        emails: list[str]
        phones: list[str]
        profiles: list[str]
        accepts_introduction_requests: bool
        brokering_note: str
        forgotten: bool
        merged_into: str | None  # the surviving record, once merged away
        absorbed: list[str]  # the records merged into this one, in merge order
        acted_themself: bool  # registered or changed by the person themself

    class Event(GoodwillEvent):
        def mutate(self, aggregate: Any) -> Any:
            aggregate = super().mutate(aggregate)
            if aggregate is not None and self.recorded_by == str(self.originator_id):
                aggregate.acted_themself = True
            return aggregate

    class PersonRegistered(Event, Aggregate.Created):
        """Version 2 added `tags`, version 3 the identifiers; older events are upcast with
        none."""

        class_version = 3

        name: PersonName
        headline: Headline
        organization: Organization
        tags: Tags
        emails: Emails
        phones: Phones
        profiles: Profiles

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["tags"] = []

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            state.update(emails=[], phones=[], profiles=[])

        def apply(self, person: Person) -> None:
            person.name = self.name
            person.headline = self.headline
            person.organization = self.organization
            person.tags = list(self.tags)
            person.emails = list(self.emails)
            person.phones = list(self.phones)
            person.profiles = list(self.profiles)
            person.accepts_introduction_requests = True
            person.brokering_note = ""
            person.forgotten = False
            person.merged_into = None
            person.absorbed = []
            person.acted_themself = self.recorded_by == str(self.originator_id)

    class ProfileUpdated(Event):
        """Each attribute is None when unchanged."""

        name: PersonName | None
        headline: Headline | None
        organization: Organization
        tags: Tags | None

        def apply(self, person: Person) -> None:
            if self.name is not None:
                person.name = self.name
            if self.headline is not None:
                person.headline = self.headline
            if self.organization is not None:
                person.organization = self.organization or None
            if self.tags is not None:
                person.tags = list(self.tags)

    class IdentifiersSet(Event):
        """Each list replaces the one held; None leaves it as it is."""

        emails: Emails | None
        phones: Phones | None
        profiles: Profiles | None

        def apply(self, person: Person) -> None:
            for kind in ("emails", "phones", "profiles"):
                if getattr(self, kind) is not None:
                    setattr(person, kind, list(getattr(self, kind)))

    class BrokeringPreferenceSet(Event):
        accepts_introduction_requests: bool
        note: BrokeringNote

        def apply(self, person: Person) -> None:
            person.accepts_introduction_requests = self.accepts_introduction_requests
            person.brokering_note = self.note

    class PersonForgotten(Event):
        def apply(self, person: Person) -> None:
            person.name = ""
            person.headline = ""
            person.organization = None
            person.tags = []
            person.emails, person.phones, person.profiles = [], [], []
            person.brokering_note = ""
            person.accepts_introduction_requests = False
            person.forgotten = True

    class PersonMerged(Event):
        """This record was a duplicate of `into`, which carries its history from now on;
        its identifiers moved there (`PersonAbsorbed`)."""

        into: PersonId

        def apply(self, person: Person) -> None:
            person.merged_into = self.into
            person.emails, person.phones, person.profiles = [], [], []
            person.accepts_introduction_requests = False

    class PersonAbsorbed(Event):
        """The record `duplicate` was merged into this one; the identifiers are this
        person's lists with the duplicate's added (imports now match this person)."""

        duplicate: PersonId
        emails: Emails
        phones: Phones
        profiles: Profiles

        def apply(self, person: Person) -> None:
            person.absorbed = [*getattr(person, "absorbed", []), self.duplicate]
            person.emails, person.phones = list(self.emails), list(self.phones)
            person.profiles = list(self.profiles)

    @classmethod
    def register(
        cls,
        person_id: UUID,
        *,
        name: str,
        headline: str | None,
        organization: str | None,
        tags: list[str] | None,
        emails: list[str] | None = None,
        phones: list[str] | None = None,
        profiles: list[str] | None = None,
        stamp: Stamp,
    ) -> Person:
        organization = optional_text(organization, "organization", limit=MAX_NAME)
        return cls._create(
            cls.PersonRegistered,
            id=person_id,
            name=text(name, "name", required=True, limit=MAX_NAME),
            headline=text(headline, "headline"),
            organization=organization or None,
            tags=tag_list(tags),
            emails=identifiers.emails(emails),
            phones=identifiers.phones(phones),
            profiles=identifiers.profiles(profiles),
            **stamp.kwargs(),
        )

    @property
    def identifiers(self) -> list[tuple[str, str]]:
        """(kind, value) of every identifier held: ("email", …), ("phone", …),
        ("linkedin", …)."""
        return ([("email", e) for e in self.emails] + [("phone", p) for p in self.phones]
                + [("linkedin", u) for u in self.profiles])

    def ensure_active(self) -> None:
        merged_into = getattr(self, "merged_into", None)
        if merged_into is not None:
            raise PersonWasMerged(
                f"This record was merged into person {merged_into}; name that person "
                "instead.", person=str(self.id), survivor=merged_into)
        if self.forgotten:
            raise PersonIsForgotten(
                "This person has been forgotten at their request; nothing more can be "
                "recorded about them.",
                person=str(self.id),
            )

    def update_profile(
        self,
        *,
        name: str | None,
        headline: str | None,
        organization: str | None,
        tags: list[str] | None,
        stamp: Stamp,
    ) -> None:
        self.ensure_active()
        changes = {
            "name": None if name is None else text(name, "name", required=True, limit=MAX_NAME),
            "headline": optional_text(headline, "headline"),
            # "" clears the organization, None leaves it unchanged.
            "organization": optional_text(organization, "organization", limit=MAX_NAME),
            "tags": None if tags is None else tag_list(tags),
        }
        if all(value is None for value in changes.values()):
            raise InvalidInput("Nothing to update: give a name, headline, organization or tags.")
        self.trigger_event(self.ProfileUpdated, **changes, **stamp.kwargs())

    def set_identifiers(self, *, emails: list[str] | None, phones: list[str] | None,
                        profiles: list[str] | None, stamp: Stamp) -> None:
        self.ensure_active()
        changes = {
            "emails": None if emails is None else identifiers.emails(emails),
            "phones": None if phones is None else identifiers.phones(phones),
            "profiles": None if profiles is None else identifiers.profiles(profiles),
        }
        if all(value is None for value in changes.values()):
            raise InvalidInput("Nothing to set: give emails, phones or profiles.")
        self.trigger_event(self.IdentifiersSet, **changes, **stamp.kwargs())

    def set_brokering_preference(
        self, *, accepts_introduction_requests: bool, note: str | None, stamp: Stamp
    ) -> None:
        self.ensure_active()
        if not isinstance(accepts_introduction_requests, bool):
            raise InvalidInput("accepts_introduction_requests must be true or false.")
        self.trigger_event(
            self.BrokeringPreferenceSet,
            accepts_introduction_requests=accepts_introduction_requests,
            note=text(note, "note"),
            **stamp.kwargs(),
        )

    def forget(self, *, stamp: Stamp) -> None:
        self.ensure_active()
        self.trigger_event(self.PersonForgotten, **stamp.kwargs())

    def forget_with_survivor(self, *, stamp: Stamp) -> None:
        """A merged-away record is forgotten with the person it was merged into."""
        if not self.forgotten:
            self.trigger_event(self.PersonForgotten, **stamp.kwargs())

    def merge_into(self, survivor: Person, *, stamp: Stamp) -> None:
        """This record is a duplicate of `survivor`: it is merged away, its identifiers
        join the survivor's."""
        self.ensure_active()
        survivor.ensure_active()
        combined = {kind: identifiers.normalised(
            [*getattr(survivor, kind), *getattr(self, kind)], lambda v: v, kind)
            for kind in ("emails", "phones", "profiles")}
        self.trigger_event(self.PersonMerged, into=str(survivor.id), **stamp.kwargs())
        survivor.trigger_event(self.PersonAbsorbed, duplicate=str(self.id), **combined,
                               **stamp.kwargs())


PersonRegistered = Person.PersonRegistered
ProfileUpdated = Person.ProfileUpdated
IdentifiersSet = Person.IdentifiersSet
BrokeringPreferenceSet = Person.BrokeringPreferenceSet
PersonForgotten = Person.PersonForgotten
PersonMerged = Person.PersonMerged
PersonAbsorbed = Person.PersonAbsorbed
