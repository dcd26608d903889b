"""Who already carries which identifier, read from the event store — and, for each person,
their headline and organization and whether they set each themself.

Identifiers are personal data sealed in Person events; the directory is built in memory,
for one import, from the people's registrations, profile and identifier changes (opened
with their keys). Nothing derived from an identifier is ever stored, so a forgotten
person's e-mail leaves no trace to match on: their events read as erased and they drop out.

A profile field is the person's **own** when they registered themself, or when a profile
update set it other than through an import (`update_profile` is recorded by the person, or
by an admin on their behalf). A registration by someone else (an importer, an admin) and
the imports' own updates (`IMPORT_UPDATE`) leave a field open to a later export's value."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventsourcing.utils import get_topic

from domain.person import Person
from domain.privacy.mapper import SealingMapper

if TYPE_CHECKING:
    from domain.app import Goodwill

Identifier = tuple[str, str]  # (kind, normalised value): ("email", "ana@example.com")
_KINDS = {"emails": "email", "phones": "phone", "profiles": "linkedin"}
PROFILE_FIELDS = ("headline", "organization")  # what an export may bring up to date
IMPORT_UPDATE = "import:profile:"  # the idempotency keys of the imports' profile updates
PAGE = 5_000


@dataclass
class Profile:
    """A person's headline and organization as the events left them, and which of the two
    they set themself."""

    headline: str = ""
    organization: str | None = None
    own: set[str] = field(default_factory=set)
    version: int = 0  # the person's version when the profile last changed

    def value(self, name: str) -> str:
        return (self.headline if name == "headline" else self.organization) or ""


def is_import_update(event: Person.ProfileUpdated) -> bool:
    return event.recorded_by == "system" and (event.idempotency_key or "").startswith(
        IMPORT_UPDATE)


class Directory:
    def __init__(self) -> None:
        self._held: dict[str, dict[str, list[str]]] = {}  # person → kind field → values
        self._index: dict[Identifier, set[str]] = defaultdict(set)
        self._profiles: dict[str, Profile] = {}
        self._absorbed: dict[str, list[str]] = defaultdict(list)  # survivor → duplicates

    @classmethod
    def of(cls, app: Goodwill) -> Directory:
        directory = cls()
        topics = [get_topic(e) for e in (Person.PersonRegistered, Person.IdentifiersSet,
                                         Person.ProfileUpdated, Person.PersonForgotten,
                                         Person.PersonMerged, Person.PersonAbsorbed)]
        mapper = app.mapper
        assert isinstance(mapper, SealingMapper)
        start, head = 1, app.max_notification_id()
        while start <= head:
            page = app.recorder.select_notifications(start=start, limit=PAGE, stop=head,
                                                     topics=topics)
            if not page:
                break
            # everyone's key of the page in one read, not one read per person
            mapper.keyring.keys({str(n.originator_id) for n in page}, create=False)
            for notification in page:
                event = mapper.to_domain_event(notification)
                person = str(event.originator_id)
                # a merged-away record matches no more: its identifiers moved to the
                # survivor, whose PersonAbsorbed holds them with the survivor's own
                if isinstance(event, Person.PersonForgotten | Person.PersonMerged):
                    directory._drop(person)
                    continue
                if isinstance(event, Person.ProfileUpdated):
                    directory._update(person, event)
                else:
                    if isinstance(event, Person.PersonRegistered):
                        directory._profiles[person] = Profile(
                            event.headline, event.organization,
                            set(PROFILE_FIELDS) if event.recorded_by == person else set(),
                            event.originator_version)
                    elif isinstance(event, Person.PersonAbsorbed):
                        directory._absorbed[person].append(str(event.duplicate))
                    directory.hold(person, **{f: getattr(event, f) for f in _KINDS})
            start = page[-1].id + 1
        return directory

    def hold(self, person: str, emails: list[str] | None = None,
             phones: list[str] | None = None, profiles: list[str] | None = None) -> None:
        """The person's lists given (None: unchanged), as an event sets them."""
        held = self._held.setdefault(person, {f: [] for f in _KINDS})
        for kind_field, values in (("emails", emails), ("phones", phones),
                                   ("profiles", profiles)):
            if values is None:
                continue
            for value in held[kind_field]:
                self._index[(_KINDS[kind_field], value)].discard(person)
            held[kind_field] = list(values)
            for value in values:
                self._index[(_KINDS[kind_field], value)].add(person)

    def _update(self, person: str, event: Person.ProfileUpdated) -> None:
        profile = self._profiles.setdefault(person, Profile())
        profile.version = event.originator_version
        by_import = is_import_update(event)
        for name in PROFILE_FIELDS:
            value = getattr(event, name)
            if value is None:
                continue
            setattr(profile, name, (value or None) if name == "organization" else value)
            if not by_import:
                profile.own.add(name)

    def _drop(self, person: str) -> None:
        self.hold(person, emails=[], phones=[], profiles=[])
        self._held.pop(person, None)
        self._profiles.pop(person, None)

    def profile(self, person: str) -> Profile | None:
        """The person's headline and organization, and which they set; None for someone
        not in the store (a person this import registers)."""
        return self._profiles.get(person)

    def records_of(self, person: str) -> list[str]:
        """The person's id and the ids of every record merged into them (a tie recorded
        with a duplicate before the merge is a tie with the person)."""
        found, waiting = [person], list(self._absorbed.get(person, ()))
        while waiting:
            duplicate = waiting.pop(0)
            found.append(duplicate)
            waiting.extend(self._absorbed.get(duplicate, ()))
        return found

    def people_with(self, identifier: Identifier) -> set[str]:
        return set(self._index.get(identifier, ()))

    def __len__(self) -> int:
        return len(self._held)
