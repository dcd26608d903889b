"""`goodwill cypher`: run Cypher against the graph in a READ transaction (the analysts'
endpoint on the command line), or one of the ready-made queries in `cypher/analyst/`."""

from __future__ import annotations

import json
from typing import Any

import typer

from api.settings import Limits


def _parameters(pairs: list[str]) -> dict[str, Any]:
    parameters: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"--param takes key=value, got {pair!r}")
        try:
            parameters[key] = json.loads(raw)
        except json.JSONDecodeError:
            parameters[key] = raw  # a bare word is a string
    return parameters


def register(app: typer.Typer) -> None:
    @app.command(
        help="Run a Cypher statement read-only (Neo4j refuses writes), with a timeout and a "
        "row cap. `goodwill cypher STATEMENT`, "
        "`goodwill cypher --name top_givers`, `goodwill cypher --list`; "
        "`goodwill cypher --show queries/asof_ties` prints any statement the product runs, "
        "its shared fragments included."
    )
    def cypher(
        statement: str = typer.Argument(None, help="The Cypher statement."),
        name: str = typer.Option(None, "--name", help="A ready-made query from cypher/analyst."),
        list_: bool = typer.Option(False, "--list", help="List the ready-made queries."),
        show: str = typer.Option(None, "--show", help="Print a statement of cypher/ by name "
                                 "(e.g. queries/asof_ties) with its fragments included."),
        param: list[str] = typer.Option([], "--param", help="key=value (JSON values)."),
        timeout: float = typer.Option(Limits.cypher_timeout_s, help="Seconds before Neo4j "
                                      "stops the statement."),
        max_rows: int = typer.Option(Limits.cypher_max_rows, help="Rows returned at most."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    ) -> None:
        from rich.console import Console
        from rich.table import Table

        import config
        import cypher as statements
        from api import analyst
        from graph.connection import connect

        console = Console()
        if show:
            try:
                typer.echo(statements.load(show))
            except KeyError as missing:
                raise typer.BadParameter(str(missing)) from None
            return
        if list_:
            for query_name in statements.names("analyst"):
                console.print(f"[bold]{query_name}[/bold]  {analyst.describe(query_name)}")
            return
        if (statement is None) == (name is None):
            raise typer.BadParameter("give a statement or --name (or --list)")
        try:
            text = analyst.named(name) if name else statement
            parameters = {**analyst.default_parameters(text), **_parameters(param)}
            settings = config.load().neo4j_analyst  # a read replica where there is one
            with connect(settings) as driver:
                result = analyst.run_read(driver, text, parameters, timeout_s=timeout,
                                          max_rows=max_rows, database=settings.database)
        except analyst.CypherError as error:
            console.print(f"[red]{error.code}[/red]: {error.message}")
            raise typer.Exit(1) from None
        if as_json:
            typer.echo(json.dumps(result.as_json(), indent=2, default=str))
            return
        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*(json.dumps(v, default=str) if not isinstance(v, str) else v
                            for v in row))
        console.print(table)
        if result.truncated:
            console.print(f"[yellow]Only the first {max_rows} rows are shown.[/yellow]")
