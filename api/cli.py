"""The `goodwill` command-line tool. Each area keeps its commands in its own module under
`api/commands/`, exposing `register(app)`; this module only assembles them. Every command
reads its settings through `config` (environment, then `./.env` or GOODWILL_ENV_FILE)."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

import api.commands
import config

app = typer.Typer(
    name="goodwill",
    help="Goodwill — an event-sourced relationship ledger for business networks.",
    no_args_is_help=True,
    add_completion=False,
)

for module_info in pkgutil.iter_modules(api.commands.__path__):
    importlib.import_module(f"api.commands.{module_info.name}").register(app)


def main() -> None:
    """The `goodwill` executable: a setting that cannot be used is a message, not a trace."""
    try:
        app()
    except config.SettingsError as error:
        print(f"goodwill: {error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
