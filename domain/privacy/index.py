"""Which aggregates name a person: the index a person's export reads instead of the log.

An aggregate names a person when one of its events refers to them (a tie's two people, an
introduction's requester, target and broker, …), is their own (their `Person`), or was
recorded by them. The pairs are written in the same transaction as the events
(`goodwill_person_aggregates`), so the index is never behind the store."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any
from uuid import UUID

from domain.declarations import events

# The aggregates whose events are a person's data (idempotency records are bookkeeping).
PARTY_TO = ("Relationship", "Introduction", "Referral")  # all of their events are theirs
INDEXED = (*PARTY_TO, "Person", "Group")
Pair = tuple[str, str]  # (person id, aggregate id)


@cache
def _person_fields() -> dict[type, tuple[str, ...]]:
    return {spec.cls: tuple(f.name for f in spec.fields if f.ref == "person")
            for spec in events()}


@cache
def _indexed_classes() -> frozenset[type]:
    return frozenset(spec.cls for spec in events() if spec.aggregate in INDEXED)


def aggregate_name(event: Any) -> str:
    return type(event).__qualname__.split(".")[0]


def people_named(event: Any) -> set[str]:
    """The people this event names: by reference, as their own aggregate, as its recorder."""
    people: set[str] = set()
    for name in _person_fields().get(type(event), ()):
        value = getattr(event, name, None)
        if isinstance(value, list):
            people.update(str(v) for v in value if v)
        elif value:
            people.add(str(value))
    if aggregate_name(event) == "Person":
        people.add(str(event.originator_id))
    recorded_by = getattr(event, "recorded_by", None)
    if recorded_by and _is_person_id(recorded_by):  # not "admin", "system"
        people.add(recorded_by)
    return people


def _is_person_id(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return True


def pairs(domain_events: Iterable[Any]) -> list[Pair]:
    """(person, aggregate) for every person each event names, once each."""
    indexed = _indexed_classes()
    found = {(person, str(event.originator_id)) for event in domain_events
             if type(event) in indexed for person in people_named(event)}
    return sorted(found)
