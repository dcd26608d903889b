"""However an import's steps are cut into batches (one save each), the store records the
same events: same aggregates, same versions, same decoded values. A save seals its events
with the keys and ciphers it looked up once for all of them; this holds it to sealing
each event as a save of that event alone would."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.actors import Actor
from domain.app import Goodwill
from domain.contacts import ical, linkedin
from domain.contacts.apply import apply
from domain.contacts.plan import ImportPlan, plan, plan_meetings

IMPORTER = "0d6f0b6e-6a3c-4f43-9b57-5d5c2b8c0a11"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
ROW = st.tuples(st.sampled_from(["Ana", "Ben", "Chen", "Dora", "Émile"]),
                st.integers(0, 7),  # profile slug; a few shared, so later rows match
                st.one_of(st.none(), st.integers(0, 5)),  # e-mail, or none
                st.sampled_from(["", "Northwind", "Okafor Ltd"]),
                st.sampled_from(["", "Founder", "Head of Sales"]))


def _store() -> Goodwill:
    app = Goodwill.from_url("memory:")
    app.register_person(Actor.admin(), name="Importer", person_id=IMPORTER,
                        emails=["importer@example.com"])
    return app


def _recorded(app: Goodwill) -> list[tuple[Any, ...]]:
    """Every event after the importer's registration, decoded (personal fields opened),
    without the instants the store gave them."""
    found = []
    for notification in app.recorder.select_notifications(start=2, limit=100_000):
        event = app.mapper.to_domain_event(notification)
        values = {k: v for k, v in vars(event).items() if k not in ("timestamp", "at")}
        found.append((type(event).__name__, str(event.originator_id),
                      event.originator_version, sorted(values.items(), key=str)))
    return found


def _both_ways(planned: ImportPlan, source: str, small: int) -> None:
    one_batch, many = _store(), _store()
    apply(one_batch, planned, source=source, batch=10_000)
    apply(many, planned, source=source, batch=small)
    assert _recorded(one_batch) == _recorded(many)
    assert _recorded(one_batch)  # the plan recorded something


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(ROW, min_size=1, max_size=12), small=st.integers(1, 3))
def test_a_linkedin_import_records_the_same_events_however_it_is_batched(
        rows: list[tuple[str, int, int | None, str, str]], small: int) -> None:
    lines = [f"{name},M,https://www.linkedin.com/in/member-{slug},"
             f"{'' if mail is None else f'm{mail}@example.com'},{company},{position},"
             f"0{1 + i % 9} Mar 2021" for i, (name, slug, mail, company, position)
             in enumerate(rows)]
    found = linkedin.parse("\r\n".join((HEADER, *lines)) + "\r\n")
    _both_ways(plan(_store(), IMPORTER, found), "linkedin", small)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 28)), min_size=1,
                         max_size=10, unique=True),
       small=st.integers(1, 3))
def test_a_calendar_import_records_the_same_events_however_it_is_batched(
        meetings: list[tuple[int, int]], small: int) -> None:
    events = [f"BEGIN:VEVENT\r\nUID:m{i}@test\r\nDTSTART:202502{day:02d}T09{i:02d}00Z\r\n"
              f"SUMMARY:Coffee {i}\r\nORGANIZER:mailto:importer@example.com\r\n"
              f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:p{who}@example.com\r\nEND:VEVENT"
              for i, (who, day) in enumerate(meetings)]
    text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + "\r\n".join(
        events) + "\r\nEND:VCALENDAR\r\n"
    people = [f"p{n}@example.com" for n in range(4)]
    stores = []
    for _ in range(3):  # the planning store and the two applied
        app = _store()
        for n, email in enumerate(people):
            app.register_person(Actor.admin(), name=f"P{n}", emails=[email],
                                person_id=f"5a7c1f0e-0000-4000-8000-00000000000{n}")
        stores.append(app)
    planned = plan_meetings(stores[0], IMPORTER, ical.parse(text))
    apply(stores[1], planned, source="ical", batch=10_000)
    apply(stores[2], planned, source="ical", batch=small)
    assert _recorded(stores[1]) == _recorded(stores[2])
    assert len(_recorded(stores[1])) > len(people)  # meetings beyond the attendees
