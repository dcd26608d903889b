"""`goodwill import`: history from a JSON Lines file (one command per line, see
domain/imports.py and docs/import.md), many lines per transaction, with progress."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command(
        "import",
        help="Import history from a JSON Lines file, one command per line (docs/import.md): "
        "the same rules as the API, many lines per transaction. Every line is checked "
        "before anything is written; a line the domain refuses stops the import with its "
        "number, keeping the lines before it. Running the same file again writes nothing "
        "twice.",
    )
    def import_(
        file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                    help="The .jsonl file."),
        batch: int = typer.Option(500, "--batch", min=1, max=10_000,
                                  help="Lines per transaction."),
        store: str = typer.Option(None, "--store", help="Event store URL (default: "
                                  "GOODWILL_EVENT_STORE)."),
    ) -> None:
        from rich.console import Console

        from api.progress import progress_bar
        from domain.app import Goodwill
        from domain.imports import Importer, ImportLineError, parse

        console = Console()
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
