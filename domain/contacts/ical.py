"""iCalendar files (`.ics` exported from Google Calendar, Outlook, Apple Calendar), parsed by
`icalendar`, recurring events expanded by `recurring-ical-events` (RRULE, RDATE, EXDATE,
and occurrences moved or cancelled on their own with RECURRENCE-ID).

Each occurrence that has started by `now` and is not cancelled is an `Occurrence`: when it
began (time zones from VTIMEZONE/TZID, floating times in the calendar's X-WR-TIMEZONE, else
UTC; an all-day event at midnight UTC of its day, so its date stays the day it was), its
summary, and who took part by e-mail — the organiser and every attendee who did not decline.
Whether these people are here, and which of them is the importer, the plan decides."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events
import x_wr_timezone

from domain import identifiers
from domain.base import MAX_TEXT
from domain.collection import fewer_collections
from domain.contacts.contact import Skipped
from domain.contacts.errors import ImportFileError
from domain.contacts.linkedin import decode
from domain.errors import InvalidInput

MAX_BYTES = 64 * 1024 * 1024
MAX_OCCURRENCES = 200_000  # of series, up to now; ten busy years are about 20,000
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)  # the domain's earliest `at`
_BEGIN = re.compile(r"^BEGIN:VEVENT\s*$", re.IGNORECASE | re.MULTILINE)
_LEFT = frozenset({"DECLINED", "DELEGATED"})  # attendees who did not take part


@dataclass(frozen=True)
class Occurrence:
    line: int  # where its VEVENT (the series, or the occurrence's own override) begins
    key: str  # the occurrence's identity: its UID (and its original start, in a series)
    at: datetime  # when it began, UTC
    summary: str
    attendees: tuple[str, ...]  # e-mails (normalised) of who took part, organiser included
    declined: tuple[str, ...] = ()  # e-mails of attendees who declined


@dataclass(frozen=True)
class EventFile:
    """What a calendar yielded: its past occurrences, and the events left out with why."""

    occurrences: list[Occurrence]
    skipped: list[Skipped]
    left_out: list[Skipped] = field(default_factory=list)


def read(path: Path, now: datetime | None = None) -> EventFile:
    if path.stat().st_size > MAX_BYTES:
        raise ImportFileError(f"the file is larger than {MAX_BYTES:,} bytes.")
    return parse(decode(path.read_bytes()), now)


def parse(text: str, now: datetime | None = None) -> EventFile:
    with fewer_collections():  # the parsed calendar is a great many small objects
        return _parse(text, now or datetime.now(UTC))


def _parse(text: str, now: datetime) -> EventFile:
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise ImportFileError("this is not an iCalendar file: it does not begin with "
                              "BEGIN:VCALENDAR.", line=1)
    try:
        calendar = x_wr_timezone.to_standard(icalendar.Calendar.from_ical(text))
    except Exception as error:  # icalendar raises ValueError and its own errors
        raise ImportFileError(f"the calendar cannot be read ({error}).") from None
    lines = _event_lines(text, calendar)
    skipped: list[Skipped] = []
    left_out: list[Skipped] = []
    occurrences: list[Occurrence] = []
    taking_part: dict[tuple[int, int], _TakingPart] = {}
    try:
        for event in _occurrences(calendar, now):
            found = _occurrence(event, lines, left_out, taking_part)
            if isinstance(found, Skipped):
                skipped.append(found)
            elif found.at <= now:  # an occurrence under way counts; one ahead does not
                occurrences.append(found)
    except ImportFileError:
        raise
    except InvalidInput as error:
        raise ImportFileError(error.message) from None
    except Exception as error:  # a broken RRULE, a DTSTART that is not a time, …
        raise ImportFileError(f"the calendar's events cannot be expanded ({error}).") from None
    occurrences.sort(key=lambda o: (o.at, o.line))
    skipped = _once_per_line(skipped + _ahead(calendar, lines, now))
    if not occurrences:
        why = (f"all {len(skipped)} event(s) were skipped (first: line {skipped[0].line}, "
               f"{skipped[0].reason})" if skipped else "it holds no events")
        raise ImportFileError(f"the calendar yields no meetings: {why}.")
    return EventFile(occurrences, skipped, left_out)


def _event_lines(text: str, calendar: icalendar.Calendar) -> dict[tuple[str, str], int]:
    """Each VEVENT's first line, by (UID, RECURRENCE-ID): the parser keeps no positions,
    but it keeps the events in the file's order."""
    starts, line, position = [], 1, 0
    for match in _BEGIN.finditer(text):  # counted on from the last one: one pass
        line += text.count("\n", position, match.start())
        position = match.start()
        starts.append(line)
    return {_identity(event): line
            for event, line in zip(calendar.walk("VEVENT"), starts, strict=False)}


def _occurrences(calendar: icalendar.Calendar, now: datetime) -> Iterator[Any]:
    """The events that began by `now`: a single event (no RRULE, RDATE, EXDATE, nor another
    VEVENT of its UID) as it is; series, with their overrides, expanded by
    recurring-ical-events (the costly part, so only they go through it)."""
    events = list(calendar.walk("VEVENT"))
    uids = Counter(str(e.get("UID", "")) for e in events)
    series = icalendar.Calendar()
    for timezone in calendar.walk("VTIMEZONE"):
        series.add_component(timezone)
    for event in events:
        if (uids[str(event.get("UID", ""))] > 1 or "DTSTART" not in event
                or any(name in event for name in ("RRULE", "RDATE", "EXDATE",
                                                   "RECURRENCE-ID"))):
            series.add_component(event)
        elif EARLIEST <= _instant(event.decoded("DTSTART")) <= now:
            yield event
    if not series.walk("VEVENT"):
        return
    expected = sum(_at_most(event, now) for event in series.walk("VEVENT"))
    if expected > MAX_OCCURRENCES:  # a rule like FREQ=SECONDLY would fill memory
        raise ImportFileError(f"the calendar's series make up to {expected:,} occurrences "
                              f"by now, more than {MAX_OCCURRENCES:,}: refused.")
    yield from recurring_ical_events.of(series, keep_recurrence_attributes=True) \
        .between(EARLIEST, now)


_PERIOD = {"YEARLY": 365 * 86400, "MONTHLY": 28 * 86400, "WEEKLY": 7 * 86400,
           "DAILY": 86400, "HOURLY": 3600, "MINUTELY": 60, "SECONDLY": 1}
_BY = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO",
       "BYMONTH", "BYSETPOS")


def _at_most(event: Any, now: datetime) -> int:
    """An upper bound of the occurrences an event's rules give by `now`, without expanding
    them: (time from its start to now) / (its period × INTERVAL) × the sizes of its BY*
    lists, at most its COUNT; plus its RDATEs."""
    total = 1 + len(event.get("RDATE", []) if isinstance(event.get("RDATE"), list)
                    else [event["RDATE"]] if "RDATE" in event else [])
    rules = event.get("RRULE")
    if rules is None or "DTSTART" not in event:
        return total
    span = max((now - _instant(event.decoded("DTSTART"))).total_seconds(), 0)
    for rule in rules if isinstance(rules, list) else [rules]:
        frequency = str((rule.get("FREQ") or ["DAILY"])[0]).upper()
        interval = max(int((rule.get("INTERVAL") or [1])[0]), 1)
        per_period = 1
        for by in _BY:
            per_period *= max(len(rule.get(by) or []), 1)
        bound = (int(span // (_PERIOD.get(frequency, 1) * interval)) + 1) * per_period
        if rule.get("COUNT"):
            bound = min(bound, int(rule["COUNT"][0]))
        total += bound
    return total


def _identity(event: Any) -> tuple[str, str]:
    recurrence = event.get("RECURRENCE-ID")
    return str(event.get("UID", "")), _instant(recurrence.dt).isoformat() if recurrence else ""


def _instant(value: date | datetime) -> datetime:
    """A DTSTART as UTC: an all-day date at midnight UTC (its day stays its day), a floating
    time as UTC."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), tzinfo=UTC)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@dataclass(frozen=True)
class _TakingPart:
    """Who took part in an event, from its ORGANIZER and ATTENDEE properties (kept here, so
    the ids they are known by stay theirs while the calendar is read)."""

    properties: tuple[Any, Any]
    attendees: list[str]
    declined: list[str]
    not_emails: list[str]  # addresses that are no e-mail


def _taking_part(event: Any, seen: dict[tuple[int, int], _TakingPart]) -> _TakingPart:
    """The occurrences of a series share their event's ORGANIZER and ATTENDEE properties
    (each is a shallow copy of it): they are read once for the series, not once each."""
    organizer, listed = event.get("ORGANIZER"), event.get("ATTENDEE", [])
    found = seen.get((id(organizer), id(listed)))
    if found is not None:
        return found
    attendees: list[str] = []
    declined: list[str] = []
    not_emails: list[str] = []
    people = [organizer] if organizer is not None else []
    people += listed if isinstance(listed, list) else [listed]
    for person in people:
        address = _address(person)
        if address is None:
            continue
        try:
            email = identifiers.email(address)
        except InvalidInput:
            not_emails.append(address)
            continue
        status = str(person.params.get("PARTSTAT", "")).upper()
        (declined if status in _LEFT else attendees).append(email)
    found = _TakingPart((organizer, listed), attendees, declined, not_emails)
    seen[(id(organizer), id(listed))] = found
    return found


def _occurrence(event: Any, lines: dict[tuple[str, str], int],
                left_out: list[Skipped],
                seen: dict[tuple[int, int], _TakingPart]) -> Occurrence | Skipped:
    uid = str(event.get("UID", ""))
    start = _instant(event.decoded("DTSTART"))
    original = event.get("RECURRENCE-ID")
    original_start = _instant(original.dt) if original is not None else start
    line = lines.get((uid, original_start.isoformat() if original is not None else ""),
                     lines.get((uid, ""), 0))
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return Skipped(line, "cancelled")
    summary = str(event.get("SUMMARY", "")).strip()
    part = _taking_part(event, seen)
    left_out.extend(Skipped(line, f"{address!r} is not an e-mail address")
                    for address in part.not_emails)
    attendees, declined = part.attendees, part.declined
    if not attendees and not declined:
        return Skipped(line, "no attendees")
    # a single event is its UID, wherever it is moved; an occurrence of a series is its UID
    # and its original start (RECURRENCE-ID when moved on its own)
    series = any(name in event for name in ("RRULE", "RDATE", "RECURRENCE-ID"))
    key_source = (f"{uid}\n{original_start.isoformat()}" if series else uid) if uid \
        else f"{summary}\n{start.isoformat()}"
    return Occurrence(line=line, key=hashlib.sha256(key_source.encode()).hexdigest()[:32],
                      at=start, summary=summary[:MAX_TEXT],
                      attendees=tuple(dict.fromkeys(a for a in attendees if a not in declined)),
                      declined=tuple(dict.fromkeys(declined)))


def _address(person: Any) -> str | None:
    """The e-mail of an ORGANIZER or ATTENDEE: its EMAIL parameter (Apple writes urn:uuid:
    values with one), else its mailto: value."""
    email = person.params.get("EMAIL")
    if email:
        return str(email).strip('"')
    value = str(person)
    if value.casefold().startswith("mailto:"):
        return value[len("mailto:"):]
    return None


def _ahead(calendar: icalendar.Calendar, lines: dict[tuple[str, str], int],
           now: datetime) -> list[Skipped]:
    """Events that begin after `now`: not meetings (yet). A series under way is not one of
    them: its past occurrences are meetings, the ones ahead are left for a later import."""
    return [Skipped(lines.get(_identity(event), 0), "in the future: not a meeting yet")
            for event in calendar.walk("VEVENT")
            if "DTSTART" in event and _instant(event.decoded("DTSTART")) > now]


def _once_per_line(skipped: list[Skipped]) -> list[Skipped]:
    """A series skipped for the same reason at every occurrence is reported once."""
    return sorted(dict.fromkeys(skipped), key=lambda s: s.line)
