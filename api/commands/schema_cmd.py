"""`goodwill schema` and `goodwill docs`: the files generated from the code —
`schema.graphql` (the GraphQL SDL) and the command and event tables of
`docs/architecture.md` (from the declarations). Tests fail when either drifts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

ROOT = Path(__file__).resolve().parents[2]


def _show(path: Path, text: Callable[[], str], write: bool) -> None:
    if write:
        path.write_text(text(), encoding="utf-8")
        typer.echo(f"wrote {path}")
    else:
        typer.echo(text(), nl=False)


def register(app: typer.Typer) -> None:
    @app.command(help="Print the GraphQL schema as SDL; --write updates schema.graphql.")
    def schema(write: bool = typer.Option(False, "--write", help="Write schema.graphql.")
               ) -> None:
        from api.schema import sdl

        _show(ROOT / "schema.graphql", sdl, write)

    @app.command(help="Print docs/architecture.md with its command and event tables made "
                 "afresh from the declarations; --write updates the file.")
    def docs(write: bool = typer.Option(False, "--write", help="Update the file.")) -> None:
        from api.vocabulary import DOCS_FILE, updated

        _show(DOCS_FILE, lambda: updated(DOCS_FILE.read_text(encoding="utf-8")), write)
