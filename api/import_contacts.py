"""`goodwill import linkedin|vcard|google|ical FILE --as PERSON [--dry-run]`: read the file,
plan it against the people here, report the plan, and (without --dry-run) apply it with a
progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from domain.app import Goodwill
    from domain.contacts.contact import ContactFile
    from domain.contacts.ical import EventFile
    from domain.contacts.plan import ImportPlan

LISTED = 20  # rows listed per kind in the report; the counts cover all of them


def read_export(kind: str, path: Path, region: str | None = None) -> ContactFile | EventFile:
    """The file read as `kind` (linkedin, vcard, google, ical); ImportFileError when it
    cannot be."""
    from domain.contacts import google, ical, linkedin, vcard

    if kind == "vcard":
        return vcard.read(path, region)
    if kind == "google":
        return google.read(path, region)
    if kind == "ical":
        return ical.read(path)
    return linkedin.read(path)


def plan_export(app: Goodwill, person: str, found: ContactFile | EventFile) -> ImportPlan:
    from domain.contacts.ical import EventFile
    from domain.contacts.plan import plan, plan_meetings

    if isinstance(found, EventFile):
        return plan_meetings(app, person, found)
    return plan(app, person, found)


def import_contacts(console: Console, kind: str, path: Path, importer: str, *,
                    dry_run: bool, batch: int, store: str | None,
                    region: str | None = None) -> None:
    from api.progress import progress_bar
    from domain.app import Goodwill
    from domain.contacts.apply import ImportStepError, apply
    from domain.contacts.errors import ImportFileError
    from domain.errors import DomainError
    from domain.imports import handle_id

    try:
        found = read_export(kind, path, region)
    except ImportFileError as error:
        console.print(f"[red]{path}: {error.message}[/]")
        raise typer.Exit(1) from None
    person = handle_id(importer) if importer.startswith("@") else importer
    app = Goodwill.from_url(store) if store else Goodwill.from_settings()
    try:
        try:
            planned = plan_export(app, person, found)
        except DomainError as error:
            console.print(f"[red]--as {importer}: {error.message}[/]")
            raise typer.Exit(1) from None
        report(console, path, planned, app.get_person(person).name, calendar=kind == "ical")
        for note in found.left_out[:LISTED]:
            console.print(f"  line {note.line}: {note.reason}")
        if dry_run:
            console.print("Dry run: nothing was written.")
            return
        total = len(planned.writes) + len(planned.updates) + len(planned.meetings_new)
        if not total:
            console.print("Nothing new to record.")
            return
        with progress_bar(console) as bar:
            task = bar.add_task(f"Importing {path.name}", total=total)
            done = apply(app, planned, source=kind, batch=batch,
                         progress=lambda n, total: bar.update(task, completed=n))
    except ImportStepError as error:
        console.print(f"[red]{path}: {error.message}[/]")
        raise typer.Exit(1) from None
    finally:
        app.close()
    recorded = (f"Recorded {done.meetings:,} meetings" if kind == "ical" else
                f"Registered {done.people:,} people and recorded {done.ties:,} ties")
    if done.profiles:
        recorded += f", updated {done.profiles:,} profiles"
    console.print(f"{recorded} in {done.seconds:.1f} s. The projector brings them into the "
                  "graph (`goodwill project`).")


def report(console: Console, path: Path, planned: ImportPlan, importer_name: str, *,
           calendar: bool = False) -> None:
    from rich.table import Table

    summary = Table(title=f"{path.name} as {importer_name}", show_header=False)
    rows = (
        ("meetings new", len(planned.meetings_new)),
        ("meetings existing", len(planned.meetings) - len(planned.meetings_new)),
        ("attendees not here", planned.strangers), ("events skipped", len(planned.skipped)),
    ) if calendar else (
        ("people new", planned.count("new")), ("people matched", planned.count("matched")),
        ("people ambiguous", planned.count("ambiguous")), ("ties new", planned.ties_new),
        ("ties existing", planned.ties_existing), ("profiles updated", len(planned.updates)),
        ("rows skipped", len(planned.skipped)),
    )
    for label, value in rows:
        summary.add_row(label, f"{value:,}")
    console.print(summary)
    matched = [s for s in planned.steps if s.outcome == "matched"]
    for step in matched[:LISTED]:
        assert step.matched_on is not None
        on_kind, on_value = step.matched_on
        console.print(f"  line {step.contact.line}: {step.contact.name} matched "
                      f"{step.person} on {on_kind} {on_value}")
    for step in [s for s in planned.steps if s.outcome == "ambiguous"][:LISTED]:
        console.print(f"  line {step.contact.line}: {step.contact.name} is ambiguous: "
                      f"{', '.join(step.candidates)} (not imported)")
    for update in planned.updates[:LISTED]:
        changed = "; ".join(f"{name} {old!r} → {new!r}" if old else f"{name} {new!r}"
                            for name, (old, new) in update.changes.items())
        console.print(f"  line {update.line}: {update.contact.name}'s profile: {changed}")
    for skipped in planned.skipped[:LISTED]:
        console.print(f"  line {skipped.line}: skipped, {skipped.reason}")
