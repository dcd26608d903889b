"""A person's data on request: everything the event store holds about them, decrypted, as
one JSON document — their profile, every event they recorded or are named in, and the
import lines that bring the profile back (`goodwill import`, see docs/import.md).

The API adds what the graph says of them (ties and scores); see `api/schema/privacy.py`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.audit import audit_trail_entry
from domain.base import utc_now
from domain.declarations import events
from domain.ids import as_uuid
from domain.privacy.mapper import people_of, personal_fields

if TYPE_CHECKING:  # the application is passed in, never built here
    from domain.app import Goodwill

FORMAT = "goodwill.person-data/1"
WITHHELD = "[withheld: personal data of others]"
PAGE = 1000
# The aggregates a person is a party to: once one names them, all of its events are theirs.
_PARTY_TO = ("Relationship", "Introduction", "Referral")


@cache
def _person_fields() -> dict[type, tuple[str, ...]]:
    return {spec.cls: tuple(f.name for f in spec.fields if f.ref == "person")
            for spec in events()}


def _names(event: Any, person: str) -> bool:
    for name in _person_fields().get(type(event), ()):
        value = getattr(event, name, None)
        if value == person or (isinstance(value, list) and person in value):
            return True
    return str(event.originator_id) == person or getattr(event, "recorded_by", None) == person


def _their_events(app: Goodwill, person: str) -> Iterator[Any]:
    """Their events in recorded order, with what is personal to others only withheld (a
    referral's note is the giver's and receiver's, not the prospect's)."""
    theirs: set[UUID] = set()
    roles: dict[UUID, dict[str, Any]] = {}  # what each aggregate's events said of its people
    start = 1
    while True:
        page = app.recorder.select_notifications(start=start, limit=PAGE)
        for notification in page:
            event = app.mapper.to_domain_event(notification)
            aggregate = type(event).__qualname__.split(".")[0]
            if aggregate not in (*_PARTY_TO, "Person", "Group"):
                continue  # idempotency records are bookkeeping
            known = roles.setdefault(event.originator_id, {})
            known.update({k: v for k, v in vars(event).items() if v is not None})
            if event.originator_id in theirs or _names(event, person):
                if aggregate in _PARTY_TO:
                    theirs.add(event.originator_id)
                yield _withheld(event, person, known)
        if len(page) < PAGE:
            return
        start = page[-1].id + 1


def _withheld(event: Any, person: str, known: dict[str, Any]) -> Any:
    hidden = {f.name: WITHHELD for f in personal_fields(type(event))
              if getattr(event, f.name, None)
              and person not in people_of(f.whose, event.originator_id, known.get)}
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
