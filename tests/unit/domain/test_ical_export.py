"""iCalendar files as Google Calendar, Outlook and Apple Calendar export them: recurring
events expanded, time zones honoured, cancelled and future events left out, all-day events
on their day, declined attendees not taken."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.contacts import ical
from domain.contacts.errors import ImportFileError

DATA = Path(__file__).parents[2] / "data" / "ical"
NOW = datetime(2025, 11, 1, tzinfo=UTC)
HUGO, ANA, BEN = "hugo@example.com", "ana.ruiz@northwind.example", "ben.okafor@example.com"


def when(found: ical.EventFile) -> list[tuple[datetime, str]]:
    return [(o.at, o.summary) for o in found.occurrences]


def test_google_series_are_expanded_with_exdates_and_moved_occurrences() -> None:
    found = ical.read(DATA / "google.ics", NOW)
    assert when(found) == [
        (datetime(2025, 3, 17, 10, tzinfo=UTC), "Pipeline sync"),  # Lisbon in winter: UTC+0
        # 24 Mar is an EXDATE; 31 Mar was moved to 1 Apr 15:00 Lisbon summer time (UTC+1)
        (datetime(2025, 4, 1, 14, tzinfo=UTC), "Pipeline sync (moved to Tuesday)"),
        (datetime(2025, 4, 7, 9, tzinfo=UTC), "Pipeline sync"),
        (datetime(2025, 5, 2, 12, 30, tzinfo=UTC), "Lunch, freight insurers"),
        (datetime(2025, 6, 10, tzinfo=UTC), "Offsite"),  # all-day: midnight UTC of its day
    ]
    series, moved = found.occurrences[0], found.occurrences[1]
    assert (series.line, moved.line) == (26, 46)
    assert len({o.key for o in found.occurrences}) == 5  # one identity per occurrence
    assert [(s.line, s.reason) for s in found.skipped] == [
        (81, "cancelled"), (107, "in the future: not a meeting yet"), (120, "no attendees")]


def test_declined_attendees_are_not_taken_and_the_organiser_is() -> None:
    lunch = ical.read(DATA / "google.ics", NOW).occurrences[3]
    assert lunch.attendees == (HUGO, ANA, "carol@elsewhere.example")
    assert lunch.declined == (BEN,)
    offsite = ical.read(DATA / "google.ics", NOW).occurrences[4]
    assert offsite.attendees == (HUGO, BEN)  # Ben.Okafor@Example.com case-folded


def test_outlook_windows_time_zones_and_a_cancelled_occurrence() -> None:
    found = ical.read(DATA / "outlook.ics", NOW)
    assert when(found) == [
        (datetime(2025, 7, 7, 12, tzinfo=UTC), "Customs paperwork"),  # 14:00 CEST
        # 8 Jul is an EXDATE, 9 Jul cancelled on its own
        (datetime(2025, 7, 10, 12, tzinfo=UTC), "Customs paperwork"),
        (datetime(2025, 7, 15, tzinfo=UTC), "Warehouse visit"),
    ]
    assert found.occurrences[0].attendees == (HUGO, ANA, BEN)  # no PARTSTAT: invited
    assert [(s.line, s.reason) for s in found.skipped] == [(50, "cancelled")]


def test_apple_attendees_by_their_email_parameter() -> None:
    found = ical.read(DATA / "apple.ics", NOW)
    dinner, fair, review = found.occurrences
    assert (dinner.at, dinner.attendees) == (datetime(2025, 10, 14, 17, tzinfo=UTC),
                                            (BEN, HUGO))  # 19:00 in Berlin, urn:uuid values
    assert (fair.at, fair.attendees, fair.declined) == (
        datetime(2025, 10, 20, tzinfo=UTC), (ANA,), (HUGO,))
    # the second quarterly review (31 Jan 2026) lies ahead of NOW: not a meeting yet
    assert review.at == datetime(2025, 10, 31, tzinfo=UTC)
    assert found.skipped == []


def test_a_later_reading_takes_the_occurrences_that_have_passed_since() -> None:
    later = ical.read(DATA / "apple.ics", datetime(2026, 2, 1, tzinfo=UTC))
    assert [o.at for o in later.occurrences][-1] == datetime(2026, 1, 31, tzinfo=UTC)
    earlier = ical.read(DATA / "apple.ics", NOW)
    assert earlier.occurrences[-1].key != later.occurrences[-1].key


@pytest.mark.parametrize(("text", "message"), [
    ("BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n", "Line 1: this is not an iCalendar file"),
    ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
     "the calendar yields no meetings: it holds no events"),
    ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\n"
     "DTSTART:20990101T100000Z\r\nATTENDEE:mailto:ana@example.com\r\nEND:VEVENT\r\n"
     "END:VCALENDAR\r\n",
     "all 1 event(s) were skipped (first: line 3, in the future: not a meeting yet)"),
    ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\n"
     "DTSTART:20250101T100000Z\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
     "cannot be"),
])
def test_a_file_that_yields_no_meetings_is_an_error_that_says_why(text: str,
                                                                  message: str) -> None:
    with pytest.raises(ImportFileError, match=re.escape(message)):
        ical.parse(text, NOW)


def test_a_series_without_end_is_refused_past_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ical, "MAX_OCCURRENCES", 100)
    text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:every-second\r\n"
            "DTSTART:20250101T100000Z\r\nRRULE:FREQ=SECONDLY\r\n"
            "ATTENDEE:mailto:ana@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    with pytest.raises(ImportFileError, match="more than 100: refused"):
        ical.parse(text, NOW)
    within = text.replace("FREQ=SECONDLY", "FREQ=SECONDLY;COUNT=50")
    assert len(ical.parse(within, NOW).occurrences) == 50
