"""`goodwill schema`: print the GraphQL schema (SDL), or write it to `schema.graphql`."""

from __future__ import annotations

from pathlib import Path

import typer

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def register(app: typer.Typer) -> None:
    @app.command(help="Print the GraphQL schema as SDL; --write updates schema.graphql "
                 "(a test fails when that file drifts from the code).")
    def schema(
        write: bool = typer.Option(False, "--write", help="Write schema.graphql instead."),
    ) -> None:
        from api.schema import sdl

        if write:
            SCHEMA_FILE.write_text(sdl(), encoding="utf-8")
            typer.echo(f"wrote {SCHEMA_FILE}")
        else:
            typer.echo(sdl(), nl=False)
