"""Who may read an event's private attributes: the one rule every read path applies.

Each private field is declared with `Personal(...)` (domain/fields.py), naming the people it
is about by their role in the aggregate (`giver`, `broker`, …), or SUBJECT (the person
themself) or PAIR (both people of a tie). A private attribute is shown to those people and
to readers of everything (analysts, admins); anyone else gets it blanked. The GraphQL fields
(notes, messages, prospects, brokering notes), the audit trail and the export ask
`may_read`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from domain.audit import AuditEntry
from domain.declarations import events
from domain.privacy.mapper import people_of

MaySee = Callable[[set[str]], bool]  # may the viewer read what concerns these people?


@cache
def private_fields() -> dict[str, dict[str, tuple[str, ...]]]:
    """Event name → {private field → the roles of the people it is about}."""
    return {spec.name: {f.name: tuple(f.personal) for f in spec.fields if f.personal}
            for spec in events()}


def concerned(whose: Iterable[str], roles: Mapping[str, Any], subject: str) -> set[str]:
    """The people `whose` names, from the people of the aggregate by role (`roles`): the
    same people whose keys seal the field (`domain.privacy.mapper.people_of`)."""
    return set(people_of(tuple(whose), subject, roles.get))


def may_read(event: str, field: str, roles: Mapping[str, Any], may_see: MaySee,
             subject: str = "") -> bool:
    """Whether a viewer (`may_see`) may read `field` of an `event` whose people are `roles`
    (and `subject`, the aggregate's own id): yes unless the field is private to people the
    viewer may not see. Every read path asks this, or `visible_trail`, which asks it of
    every attribute."""
    whose = private_fields().get(event, {}).get(field)
    return whose is None or may_see(concerned(whose, roles, subject))


def roles_of(entries: Iterable[AuditEntry]) -> dict[str, Any]:
    """The people of an aggregate by role, as its events name them (first naming wins)."""
    roles: dict[str, Any] = {}
    for entry in entries:
        for key, value in entry.attributes.items():
            if isinstance(value, str) and key not in roles:
                roles[key] = value
    return roles


def visible_trail(entries: list[AuditEntry], may_see: MaySee) -> list[AuditEntry]:
    """The trail with every private attribute the viewer may not read set to None."""
    if not entries:
        return entries
    roles, subject = roles_of(entries), entries[0].aggregate_id
    shown: list[AuditEntry] = []
    for entry in entries:
        private = private_fields().get(entry.event, {})
        hidden = {name for name in private if name in entry.attributes
                  and not may_read(entry.event, name, roles, may_see, subject)}
        shown.append(replace(entry, attributes={
            k: None if k in hidden else v for k, v in entry.attributes.items()}) if hidden
            else entry)
    return shown
