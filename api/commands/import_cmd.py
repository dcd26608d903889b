"""`goodwill import`: history from a JSON Lines file (one command per line, see
domain/imports.py and docs/import.md), or a network from an export (`goodwill import
linkedin FILE --as PERSON`, domain/contacts/), many records per transaction, with progress."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from api.import_contacts import import_contacts

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("jsonl", "linkedin", "vcard", "google", "ical")


def register(app: typer.Typer) -> None:
    @app.command(
        "import",
        help="Import history from a JSON Lines file, one command per line (docs/import.md): "
        "the same rules as the API, many lines per transaction. Every line is checked "
        "before anything is written; a line the domain refuses stops the import with its "
        "number, keeping the lines before it. Running the same file again writes nothing "
        "twice.\n\n`goodwill import linkedin FILE --as PERSON [--dry-run]` brings in a "
        "LinkedIn Connections.csv or the whole export ZIP as PERSON's ties: people matched "
        "on their profile URL or e-mail, new ones registered; --dry-run reports what it "
        "would do and writes nothing. `goodwill import vcard FILE.vcf --as PERSON` does the "
        "same with an address book (vCard 3.0/4.0), `goodwill import google contacts.csv "
        "--as PERSON` with a Google Contacts CSV export. `goodwill import ical calendar.ics "
        "--as PERSON` records each past event as a meeting of PERSON with each attendee "
        "here (by e-mail).",
    )
    def import_(
        source: str = typer.Argument(..., metavar="FORMAT_OR_FILE",
                                     help="jsonl (the default), linkedin, vcard, google "
                                     "or ical, then the file; or only a .jsonl file."),
        file: Path = typer.Argument(None, show_default=False, metavar="FILE",
                                    help="The file, when a FORMAT is given."),
        as_: str = typer.Option(None, "--as", help="exports: the importing person (an id "
                                "or @handle); the ties are theirs."),
        dry_run: bool = typer.Option(False, "--dry-run", help="exports: report what "
                                     "would be recorded, write nothing."),
        region: str = typer.Option(None, "--region", help="vcard, google: the country (ISO 3166 "
                                   "code, e.g. PT) of phone numbers written without +code."),
        batch: int = typer.Option(500, "--batch", min=1, max=10_000,
                                  help="Lines (rows) per transaction."),
        store: str = typer.Option(None, "--store", help="Event store URL (default: "
                                  "GOODWILL_EVENT_STORE)."),
    ) -> None:
        from rich.console import Console

        console = Console()
        kind, path = ("jsonl", Path(source)) if file is None else (source, file)
        if kind not in FORMATS:
            console.print(f"[red]Unknown format {kind!r}[/]; one of {', '.join(FORMATS)}.")
            raise typer.Exit(2)
        if not path.is_file():
            console.print(f"[red]{path} is not a file.[/]")
            raise typer.Exit(2)
        if kind == "jsonl":
            if as_ or dry_run or region:
                console.print("[red]--as, --dry-run and --region are for exports (linkedin, "
                              "vcard, google, ical)[/]; a JSON "
                              "Lines file names its actor on each line.")
                raise typer.Exit(2)
            _import_jsonl(console, path, batch, store)
            return
        if not as_:
            console.print("[red]Say whose network this is: --as PERSON[/] (an id or @handle).")
            raise typer.Exit(2)
        import_contacts(console, kind, path, as_, dry_run=dry_run, batch=batch, store=store,
                        region=region)


def _import_jsonl(console: Console, file: Path, batch: int, store: str | None) -> None:
    from api.progress import progress_bar
    from domain.app import Goodwill
    from domain.imports import Importer, ImportLineError, parse

    try:
        with file.open(encoding="utf-8") as handle:
            lines = list(parse(handle))
    except ImportLineError as error:
        console.print(f"[red]{file}: {error.message}[/]")
        raise typer.Exit(1) from None
    except UnicodeDecodeError:
        console.print(f"[red]{file} is not UTF-8 text.[/] Nothing was written.")
        raise typer.Exit(1) from None
    app = Goodwill.from_url(store) if store else Goodwill.from_settings()
    try:
        with progress_bar(console) as bar:
            task = bar.add_task(f"Importing {file.name}", total=len(lines))
            result = Importer(app, batch).run(
                lines, lambda done, total: bar.update(task, completed=done))
    except ImportLineError as error:
        console.print(f"[red]{file}: {error.message}[/]")
        raise typer.Exit(1) from None
    finally:
        app.close()
    console.print(f"{result.lines:,} lines, {result.events:,} new events in "
                  f"{result.seconds:.1f} s ({result.events_per_second:,.0f} events/s). "
                  "The projector brings them into the graph (`goodwill project`).")
