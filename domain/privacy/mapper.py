"""The mapper between domain events and stored records, sealing personal fields.

On the way in, every field an event declares `Personal(...)` (and every such attribute of
an aggregate's snapshot) is replaced by `{"sealed": …, "by": [people]}`: AES-256-GCM under
the key of the people it is about, bound to the event and field. On the way out the seal
is opened, or, when one of those people has been forgotten, the field reads as erased:
`"[erased]"` for text, `[]` for lists, None where None is a value. Empty values hold
nothing about anyone and stay as they are."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, get_origin
from uuid import UUID

from eventsourcing.domain import Snapshot
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import resolve_topic

from domain.declarations import PAIR, SUBJECT, events
from domain.privacy.keyring import Keyring, seal, unseal
from domain.privacy.recorders import FORGOTTEN_TOPIC

ERASED_TEXT = "[erased]"
Opening = tuple[Any, dict[str, Any], tuple["PersonalField", ...]]
SEALED, BY = "sealed", "by"


@dataclass(frozen=True)
class PersonalField:
    name: str
    whose: tuple[str, ...]
    erased: Any  # what the field reads once one of its people is forgotten


def _erased_value(field_type: Any, optional: bool) -> Any:
    if get_origin(field_type) is list or field_type is list:
        return []
    return None if optional else ERASED_TEXT


@cache
def _declared() -> Mapping[type, tuple[PersonalField, ...]]:
    return {spec.cls: tuple(PersonalField(f.name, f.personal, _erased_value(f.base, f.optional))
                            for f in spec.fields if f.personal)
            for spec in events()}


def personal_fields(event_class: type) -> tuple[PersonalField, ...]:
    return _declared().get(event_class, ())


@cache
def personal_state(aggregate_class: type) -> tuple[PersonalField, ...]:
    """An aggregate's attributes that copy a personal field of one of its events."""
    fields: dict[str, PersonalField] = {}
    for event_class, declared in _declared().items():
        if event_class.__qualname__.split(".")[0] == aggregate_class.__name__:
            fields.update({f.name: f for f in declared})
    return tuple(fields.values())


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and SEALED in value and BY in value


class SealingMapper(Mapper[UUID]):
    keyring: Keyring  # set by the application once its recorder (which keeps the keys) exists

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._local = threading.local()

    @contextmanager
    def saving(self, aggregates: Mapping[UUID, Any], events: Iterable[Any]) -> Iterator[None]:
        """Events mapped inside the block may name their people through these aggregates
        (a `Met` holds no pair; its relationship does). The keys of everyone the `events`
        are about are read (and the missing ones made) at once, not one event at a time."""
        self._local.aggregates = aggregates
        # whom each event's fields are about, worked out once here and reused when the
        # event is sealed (by the event's identity: events are frozen while saved)
        wanted: dict[int, dict[str, tuple[str, ...]]] = {}
        self._local.wanted = wanted
        self._local.ciphers = {}  # each group's cipher, looked up once a save
        try:
            people: set[str] = set()
            for event in events:
                fields = personal_fields(type(event))
                if not fields:
                    continue
                found = self._people_to_seal(vars(event), fields, event, self._lookup(event))
                wanted[id(event)] = found
                for group in found.values():
                    people.update(group)
            if people:
                self.keyring.keys(people, create=True)
            yield
        finally:
            self._local.aggregates = None
            self._local.wanted = None
            self._local.ciphers = None

    # -- in --------------------------------------------------------------------------

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        if isinstance(domain_event, Snapshot):
            fields = personal_state(resolve_topic(domain_event.topic))
            if fields:
                state = dict(domain_event.state)
                self._seal(state, fields, domain_event, state.get)
                domain_event = _with(domain_event, state=state)
            return super().to_stored_event(domain_event)
        fields = personal_fields(type(domain_event))
        if not fields:
            return super().to_stored_event(domain_event)
        values = dict(vars(domain_event))
        self._seal(values, fields, domain_event, self._lookup(domain_event))
        return super().to_stored_event(_with(domain_event, **values))

    def _lookup(self, event: Any) -> Callable[[str], Any]:
        aggregate = (getattr(self._local, "aggregates", None) or {}).get(event.originator_id)

        def role(name: str) -> Any:
            if name in vars(event):
                return vars(event)[name]
            if aggregate is None:
                raise LookupError(f"{type(event).__name__} names no {name!r} and its "
                                  "aggregate was not given: its personal data cannot be sealed")
            return getattr(aggregate, name, None)
        return role

    @staticmethod
    def _people_to_seal(values: Mapping[str, Any], fields: tuple[PersonalField, ...],
                        event: Any, role: Callable[[str], Any]) -> dict[str, tuple[str, ...]]:
        """The people each field with a value is about (by field name)."""
        wanted = {f.name: people_of(f.whose, event.originator_id, role)
                  for f in fields if values.get(f.name) and not is_sealed(values[f.name])}
        return {name: people for name, people in wanted.items() if people}

    def _seal(self, values: dict[str, Any], fields: tuple[PersonalField, ...], event: Any,
              role: Callable[[str], Any]) -> None:
        known = (getattr(self._local, "wanted", None) or {}).get(id(event))
        if known is None:
            wanted = self._people_to_seal(values, fields, event, role)
            if not wanted:
                return
            self.keyring.keys({p for people in wanted.values() for p in people}, create=True)
        else:  # `saving` found whom it is about and read (or made) their keys already
            wanted = known
            if not wanted:
                return
        prefix = _aad_prefix(event)
        ciphers = getattr(self._local, "ciphers", None)
        for field in fields:
            people = wanted.get(field.name)
            if not people:
                continue
            if ciphers is None:
                cipher = self.keyring.cipher(people, create=True)
            elif people in ciphers:
                cipher = ciphers[people]
            else:
                cipher = ciphers[people] = self.keyring.cipher(people, create=True)
            if cipher is None:  # about someone already forgotten
                values[field.name] = field.erased
                continue
            values[field.name] = {SEALED: seal(values[field.name], cipher,
                                               prefix + field.name.encode()),
                                  BY: list(people)}

    # -- out -------------------------------------------------------------------------

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        return self._opened(self._decoded(stored_event))

    def to_domain_events(self, stored_events: Iterable[StoredEvent]) -> list[Any]:
        """Many events, as `to_domain_event` maps them, with the keys of everyone they are
        about read at once (a page of the log, as the projector and exports read it)."""
        decoded = [self._decoded(stored) for stored in stored_events]
        if not self.keyring.holds_the_table():
            people = {p for _, values, fields in decoded for f in fields
                      if is_sealed(values.get(f.name)) for p in values[f.name][BY]}
            if people:
                self.keyring.keys(people, create=False)
        return [self._opened(item) for item in decoded]

    def _decoded(self, stored_event: StoredEvent) -> Opening:
        """The event with its personal fields still sealed: the event, the values holding
        them (a snapshot's state is a copy) and which fields those are."""
        event = super().to_domain_event(stored_event)
        if stored_event.topic == FORGOTTEN_TOPIC:
            self.keyring.forgotten([str(stored_event.originator_id)])
            return event, {}, ()
        if isinstance(event, Snapshot):
            fields = personal_state(resolve_topic(event.topic))
            if not fields:
                return event, {}, ()
            state = dict(event.state)
            object.__setattr__(event, "state", state)
            return event, state, fields
        return event, vars(event), personal_fields(type(event))

    def _opened(self, opening: Opening) -> Any:
        event, values, fields = opening
        if fields:
            self._unseal(values, fields, event)
        return event

    def _unseal(self, values: dict[str, Any], fields: tuple[PersonalField, ...],
                event: Any) -> None:
        sealed = [f for f in fields if is_sealed(values.get(f.name))]
        if not sealed:
            return
        prefix = _aad_prefix(event)  # one for the event's fields
        for field in sealed:
            cipher = self.keyring.cipher(tuple(values[field.name][BY]), create=False)
            values[field.name] = field.erased if cipher is None else \
                unseal(values[field.name][SEALED], cipher, prefix + field.name.encode())


def to_domain_events(mapper: Mapper[Any], stored_events: Sequence[StoredEvent]) -> list[Any]:
    """The events of any mapper; a sealing one reads everyone's keys at once."""
    if isinstance(mapper, SealingMapper):
        return mapper.to_domain_events(stored_events)
    return [mapper.to_domain_event(stored) for stored in stored_events]


def people_of(whose: tuple[str, ...], originator_id: UUID | str,
              role: Callable[[str], Any]) -> tuple[str, ...]:
    people: list[Any] = []
    for name in whose:
        if name == SUBJECT:
            people.append(originator_id)
        elif name == PAIR:
            people += [role("a"), role("b")]
        else:
            people.append(role(name))
    return tuple(sorted({str(p) for p in people if p}))


def _aad_prefix(event: Any) -> bytes:
    """What binds a seal to its event (the field's name follows)."""
    return f"{event.originator_id}|{event.originator_version}|".encode()


def _with(event: Any, **values: Any) -> Any:
    """A copy of the event with other values, for mapping only (events are frozen)."""
    copy = object.__new__(type(event))
    object.__setattr__(copy, "__dict__", {**vars(event), **values})
    return copy

