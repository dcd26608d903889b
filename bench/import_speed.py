"""How fast real exports go in: `python -m bench.import_speed [--smoke]`.

Side by side, interleaved, each run on a fresh SQLite store: a generated LinkedIn
Connections.csv (every row a new person: a registration and a tie each) and a generated
calendar of ten years (weekly series and single events, each occurrence a meeting with one
of the people here), imported with `goodwill import linkedin|ical` (read, plan, apply), and
the same events as the JSON Lines importer's lines (`goodwill import history.jsonl`), the
anchor. Events/s counts domain events written (not the idempotency records kept beside
meetings and lines), over wall time and over the process's CPU time (the machine is shared:
the CPU figure moves less with the load). `--out` another folder to measure another
checkout's domain with this harness. Writes bench/results/import_speed.json."""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import append, machine, report
from bench.report import console, table
from domain.actors import Actor
from domain.app import Goodwill
from domain.contacts import ical, linkedin
from domain.contacts.apply import apply
from domain.contacts.plan import plan, plan_meetings
from domain.imports import Importer, handle_id, parse

ROUNDS = 2
BATCH = 500
TARGET = 10_000  # events/s (issue 16)
IMPORTER = "@importer"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
PREAMBLE = ('Notes:\r\n"When exporting your connection data, you may notice that some of the '
            'email addresses are missing."\r\n\r\n')
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
END = datetime(2026, 1, 5, 9, tzinfo=UTC)  # the calendar's last week; all of it is past


def connections(rows: int, seed: int = 1) -> tuple[str, list[str]]:
    """A Connections.csv of `rows` new people, and the same as JSON Lines."""
    rng = random.Random(seed)
    csv_rows, lines = [], []
    start = datetime(2012, 1, 1, tzinfo=UTC)
    for i in range(rows):
        day = start + timedelta(days=rng.randrange(14 * 365))
        email = f"member{i}@example.com" if rng.random() < 0.2 else ""
        csv_rows.append(f"Member,{i},https://www.linkedin.com/in/member-{i},{email},"
                        f"Company {i % 500},Position {i % 40},"
                        f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}")
        person = f"@member-{i}"
        args: dict[str, Any] = {"person_id": person, "name": f"Member {i}",
                                "headline": f"Position {i % 40}",
                                "organization": f"Company {i % 500}",
                                "profiles": [f"linkedin.com/in/member-{i}"],
                                **({"emails": [email]} if email else {})}
        lines.append(json.dumps({"command": "register_person", "actor": IMPORTER,
                                 "args": args, "at": day.isoformat()}))
        lines.append(json.dumps({"command": "connect", "actor": IMPORTER, "at": day.isoformat(),
                                 "args": {"a": IMPORTER, "b": person, "source": "imported",
                                          "context": "LinkedIn connection"}}))
    return PREAMBLE + "\r\n".join((HEADER, *csv_rows)) + "\r\n", lines


def calendar(events: int, people: int, seed: int = 2) -> tuple[str, list[str]]:
    """An .ics of ten years holding `events` occurrences (half in weekly series of 20, half
    single events, in UTC), each with the importer and one of `people`, and
    the same meetings as JSON Lines."""
    rng = random.Random(seed)
    start = END - timedelta(days=3650)
    parts = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Goodwill bench//EN",
             ]
    occurrences: list[tuple[datetime, int, str]] = []
    series = events // 2 // 20
    for s in range(series):
        first = start + timedelta(days=rng.randrange(3650 - 20 * 7), hours=rng.randrange(9))
        person = rng.randrange(people)
        summary = f"Weekly {s}"
        parts += _vevent(f"series-{s}", first, person, summary, "RRULE:FREQ=WEEKLY;COUNT=20")
        occurrences += [(first + timedelta(weeks=w), person, summary) for w in range(20)]
    for e in range(events - 20 * series):
        at = start + timedelta(days=rng.randrange(3650), hours=rng.randrange(9))
        person = rng.randrange(people)
        parts += _vevent(f"single-{e}", at, person, f"Meeting {e}")
        occurrences.append((at, person, f"Meeting {e}"))
    parts.append("END:VCALENDAR")
    lines = [json.dumps({"command": "record_meeting", "actor": IMPORTER, "at": at.isoformat(),
                         "args": {"a": IMPORTER, "b": f"@attendee-{person}",
                                  "context": summary}})
             for at, person, summary in sorted(occurrences)]
    return "\r\n".join(parts) + "\r\n", lines


def _vevent(uid: str, at: datetime, person: int, summary: str, *extra: str) -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}@bench", f"DTSTART:{at:%Y%m%dT%H%M%SZ}",
            f"DTEND:{at + timedelta(hours=1):%Y%m%dT%H%M%SZ}", f"SUMMARY:{summary}",
            "ORGANIZER:mailto:importer@example.com",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:importer@example.com",
            f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:attendee{person}@example.com", *extra,
            "END:VEVENT"]


def _fresh(people: int) -> tuple[Goodwill, Path]:
    """A new store holding the importer and, for calendars, `people` attendees."""
    url, path = append.sqlite_url()
    app = Goodwill.from_url(url)
    admin = Actor.admin()
    with app.batch():
        app.register_person(admin, name="Importer", person_id=handle_id(IMPORTER),
                            emails=["importer@example.com"])
        for i in range(people):
            app.register_person(admin, name=f"Attendee {i}",
                                person_id=handle_id(f"@attendee-{i}"),
                                emails=[f"attendee{i}@example.com"])
    return app, path


def _written(app: Goodwill, before: int) -> int:
    return Importer(app)._domain_events_after(before)


def run_export(kind: str, text: str, people: int, folder: Path) -> dict[str, float]:
    app, path = _fresh(people)
    try:
        source = folder / ("Connections.csv" if kind == "linkedin" else "calendar.ics")
        source.write_text(text, encoding="utf-8", newline="")
        before = app.max_notification_id() or 0
        cpu = time.process_time()
        started = time.perf_counter()
        if kind == "linkedin":
            planned = plan(app, handle_id(IMPORTER), linkedin.read(source))
        else:
            planned = plan_meetings(app, handle_id(IMPORTER),
                                    ical.read(source, END + timedelta(days=1)))
        planned_at = time.perf_counter()
        apply(app, planned, source=kind, batch=BATCH)
        done, cpu = time.perf_counter(), time.process_time() - cpu
        events = _written(app, before)
        return {"events": events, "read_plan_s": planned_at - started,
                "apply_s": done - planned_at, "events_per_second": events / (done - started),
                "cpu_s": cpu, "events_per_cpu_second": events / cpu}
    finally:
        app.close()
        _remove(path)


def run_jsonl(lines: list[str], people: int) -> dict[str, float]:
    app, path = _fresh(people)
    try:
        before = app.max_notification_id() or 0
        cpu = time.process_time()
        started = time.perf_counter()
        parsed = list(parse(lines))
        parsed_at = time.perf_counter()
        Importer(app, BATCH).run(parsed)
        done, cpu = time.perf_counter(), time.process_time() - cpu
        events = _written(app, before)
        return {"events": events, "read_plan_s": parsed_at - started,
                "apply_s": done - parsed_at, "events_per_second": events / (done - started),
                "cpu_s": cpu, "events_per_cpu_second": events / cpu}
    finally:
        app.close()
        _remove(path)


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def run(rows: int, events: int, people: int, rounds: int) -> dict[str, Any]:
    contacts_csv, contacts_lines = connections(rows)
    calendar_ics, calendar_lines = calendar(events, people)
    folder = append.VAR / "import-speed"
    folder.mkdir(parents=True, exist_ok=True)
    runs: dict[str, list[dict[str, float]]] = {}
    for _ in range(rounds):  # interleaved: export, anchor, export, anchor, …
        runs.setdefault("linkedin", []).append(run_export("linkedin", contacts_csv, 0, folder))
        runs.setdefault("linkedin jsonl", []).append(run_jsonl(contacts_lines, 0))
        runs.setdefault("ical", []).append(run_export("ical", calendar_ics, people, folder))
        runs.setdefault("ical jsonl", []).append(run_jsonl(calendar_lines, people))
    results = []
    for name, label in (("linkedin", f"LinkedIn, {rows:,} rows"),
                        ("ical", f"calendar, 10 years, {events:,} events")):
        export = {k: statistics.median(r[k] for r in runs[name]) for k in runs[name][0]}
        anchor = {k: statistics.median(r[k] for r in runs[f"{name} jsonl"])
                  for k in runs[name][0]}
        results.append({
            "import": label, "events": int(export["events"]),
            "read_plan_s": round(export["read_plan_s"], 2),
            "apply_s": round(export["apply_s"], 2),
            "events_per_second": round(export["events_per_second"]),
            "cpu_s": round(export["cpu_s"], 2),
            "events_per_cpu_second": round(export["events_per_cpu_second"]),
            "jsonl_events": int(anchor["events"]),
            "jsonl_events_per_second": round(anchor["events_per_second"]),
            "jsonl_events_per_cpu_second": round(anchor["events_per_cpu_second"]),
            "ratio_to_jsonl": round(export["events_per_second"]
                                    / anchor["events_per_second"], 3),
            "target_met": export["events_per_second"] >= TARGET})
    return {"settings": {"rows": rows, "events": events, "people": people, "rounds": rounds,
                         "batch": BATCH, "store": "sqlite", "statistic": "median",
                         "target_events_per_second": TARGET},
            "results": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_speed", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=30_000, help="LinkedIn connections")
    parser.add_argument("--events", type=int, default=20_000, help="calendar occurrences")
    parser.add_argument("--people", type=int, default=1_000, help="calendar attendees")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--smoke", action="store_true", help="1,000 rows, 1,000 events, 1 round")
    parser.add_argument("--out", type=Path, default=None, help="results folder")
    args = parser.parse_args(argv)
    if args.smoke:
        args.rows, args.events, args.people, args.rounds = 1_000, 1_000, 100, 1
    out = args.out or (report.RESULTS if not args.smoke else Path("var/bench/smoke-results"))
    with console.status("exports vs JSON Lines, interleaved, on fresh SQLite stores"):
        entry = run(args.rows, args.events, args.people, args.rounds)
    table("Import speed (median of interleaved runs; events/s of read + plan + apply)",
          ["import", "events", "read+plan s", "apply s", "events/s", "per CPU s",
           "JSON Lines events/s", "ratio", f"≥ {TARGET:,}/s"],
          [(r["import"], r["events"], r["read_plan_s"], r["apply_s"], r["events_per_second"],
            r["events_per_cpu_second"], r["jsonl_events_per_second"], r["ratio_to_jsonl"],
            r["target_met"])
           for r in entry["results"]])
    report.write(out, "import_speed", f"{args.rows}x{args.events}", entry,
                 machine.facts(None), entry["settings"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
