"""A person's data on request: everything the event store holds about them, decrypted, as
one JSON document — their profile, every event they recorded or are named in, and the
import lines that bring the profile back (`goodwill import`, see docs/import.md).

The API adds what the graph says of them (ties and scores); see `api/schema/privacy.py`."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from domain.audit import audit_trail_entry
from domain.base import utc_now
from domain.ids import as_uuid
from domain.privacy.index import INDEXED, PARTY_TO, aggregate_name, people_named
from domain.privacy.mapper import personal_fields, to_domain_events
from domain.privacy.recorders import PersonKeys
from domain.visibility import may_read

if TYPE_CHECKING:  # the application is passed in, never built here
    from domain.app import Goodwill

FORMAT = "goodwill.person-data/1"
WITHHELD = "[withheld: personal data of others]"
PAGE = 1000


def _names(event: Any, person: str) -> bool:
    return person in people_named(event)


def _their_events(app: Goodwill, person: str) -> list[Any]:
    """Their events in recorded order, with what is personal to others only withheld (a
    referral's note is the giver's and receiver's, not the prospect's). The aggregates that
    name them come from the index (`domain.privacy.index`); a person registered before the
    store had one is found by reading the whole log."""
    recorder = cast(PersonKeys, app.recorder)
    aggregates = recorder.aggregates_of(person)
    if person not in aggregates:  # their registration predates the index
        return list(_theirs(_whole_log(app), person))
    per_aggregate = [list(_theirs(_aggregate_events(app, UUID(a)), person))
                     for a in sorted(aggregates)]
    return list(heapq.merge(*per_aggregate, key=lambda e: e.timestamp))


def _aggregate_events(app: Goodwill, aggregate: UUID) -> list[Any]:
    return to_domain_events(app.mapper, app.recorder.select_events(aggregate))


def _whole_log(app: Goodwill) -> Iterator[Any]:
    start = 1
    while True:
        page = app.recorder.select_notifications(start=start, limit=PAGE)
        yield from to_domain_events(app.mapper, page)
        if len(page) < PAGE:
            return
        start = page[-1].id + 1


def _theirs(stream: Iterable[Any], person: str) -> Iterator[Any]:
    """Of these events (each aggregate's in order), theirs: every event of a tie,
    introduction or referral from the first that names them; of people and groups, those
    that name them."""
    theirs: set[UUID] = set()
    roles: dict[UUID, dict[str, Any]] = {}  # what each aggregate's events said of its people
    for event in stream:
        aggregate = aggregate_name(event)
        if aggregate not in INDEXED:
            continue  # idempotency records are bookkeeping
        known = roles.setdefault(event.originator_id, {})
        known.update({k: v for k, v in vars(event).items() if v is not None})
        if event.originator_id in theirs or _names(event, person):
            if aggregate in PARTY_TO:
                theirs.add(event.originator_id)
            yield _withheld(event, person, known)


def _withheld(event: Any, person: str, known: dict[str, Any]) -> Any:
    hidden = {f.name: WITHHELD for f in personal_fields(type(event))
              if getattr(event, f.name, None)
              and not may_read(type(event).__name__, f.name, known,
                               lambda people: person in people, str(event.originator_id))}
    if not hidden:
        return event
    copy = object.__new__(type(event))
    object.__setattr__(copy, "__dict__", {**vars(event), **hidden})
    return copy


def person_data(app: Goodwill, person: UUID | str) -> dict[str, Any]:
    """The document of everything the store holds about `person` (an unknown id raises
    the application's `UnknownAggregate`)."""
    pid = str(as_uuid(person, "person id"))
    profile = app.get_person(pid)
    registered = app.history(pid)[0]
    return {
        "format": FORMAT,
        "exported_at": utc_now().isoformat(),
        "person": {
            "id": pid, "name": profile.name, "headline": profile.headline,
            "organization": profile.organization, "tags": list(profile.tags),
            "accepts_introduction_requests": profile.accepts_introduction_requests,
            "brokering_note": profile.brokering_note, "forgotten": profile.forgotten,
            "emails": list(profile.emails), "phones": list(profile.phones),
            "profiles": list(profile.profiles),
            "registered_at": registered.at.isoformat(),
        },
        "events": [audit_trail_entry(e).as_dict() for e in _their_events(app, pid)],
        "import": [] if profile.forgotten else _import_lines(pid, profile, registered.at),
    }


def _import_lines(pid: str, profile: Any, registered_at: datetime) -> list[dict[str, Any]]:
    """JSON Lines for `goodwill import` that register the person as they are now."""
    lines: list[dict[str, Any]] = [{
        "command": "register_person", "at": registered_at.isoformat(),
        "args": {"person_id": pid, "name": profile.name, "headline": profile.headline,
                 "organization": profile.organization, "tags": list(profile.tags),
                 "emails": list(profile.emails), "phones": list(profile.phones),
                 "profiles": list(profile.profiles)},
    }]
    if not profile.accepts_introduction_requests or profile.brokering_note:
        lines.append({"command": "set_brokering_preference", "actor": pid,
                      "at": registered_at.isoformat(),
                      "args": {"accepts_introduction_requests":
                               profile.accepts_introduction_requests,
                               "note": profile.brokering_note}})
    return lines
