"""Who already carries which identifier, read from the event store.

Identifiers are personal data sealed in Person events; the directory is built in memory,
for one import, from the people's registrations and identifier changes (opened with their
keys). Nothing derived from an identifier is ever stored, so a forgotten person's e-mail
leaves no trace to match on: their events read as erased and they drop out."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from eventsourcing.utils import get_topic

from domain.person import Person
from domain.privacy.mapper import SealingMapper

if TYPE_CHECKING:
    from domain.app import Goodwill

Identifier = tuple[str, str]  # (kind, normalised value): ("email", "ana@example.com")
_KINDS = {"emails": "email", "phones": "phone", "profiles": "linkedin"}
PAGE = 5_000


class Directory:
    def __init__(self) -> None:
        self._held: dict[str, dict[str, list[str]]] = {}  # person → kind field → values
        self._index: dict[Identifier, set[str]] = defaultdict(set)

    @classmethod
    def of(cls, app: Goodwill) -> Directory:
        directory = cls()
        topics = [get_topic(e) for e in (Person.PersonRegistered, Person.IdentifiersSet,
                                         Person.PersonForgotten)]
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
                if isinstance(event, Person.PersonForgotten):
                    directory._drop(person)
                else:
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

    def _drop(self, person: str) -> None:
        self.hold(person, emails=[], phones=[], profiles=[])
        self._held.pop(person, None)

    def people_with(self, identifier: Identifier) -> set[str]:
        return set(self._index.get(identifier, ()))

    def __len__(self) -> int:
        return len(self._held)
