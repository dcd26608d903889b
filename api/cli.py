"""The `goodwill` command-line tool. Each area keeps its commands in its own module under
`api/commands/`, exposing `register(app)`; this module only assembles them."""

from __future__ import annotations

import importlib
import pkgutil

import typer

import api.commands

app = typer.Typer(
    name="goodwill",
    help="Goodwill — an event-sourced relationship ledger for business networks.",
    no_args_is_help=True,
    add_completion=False,
)

for module_info in pkgutil.iter_modules(api.commands.__path__):
    importlib.import_module(f"api.commands.{module_info.name}").register(app)


if __name__ == "__main__":
    app()
