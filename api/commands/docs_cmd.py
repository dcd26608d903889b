"""`goodwill docs`: the command and event tables of docs/architecture.md, from the
declarations."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command(help="Print the command and event tables generated from the declarations; "
                 "--write updates docs/architecture.md (a test fails when it drifts).")
    def docs(
        write: bool = typer.Option(False, "--write", help="Update docs/architecture.md."),
    ) -> None:
        from api.vocabulary import DOCS_FILE, commands_table, events_table, updated

        if write:
            DOCS_FILE.write_text(updated(DOCS_FILE.read_text(encoding="utf-8")),
                                 encoding="utf-8")
            typer.echo(f"wrote {DOCS_FILE}")
        else:
            typer.echo(f"{commands_table()}\n\n{events_table()}")
