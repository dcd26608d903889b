"""`goodwill token create`: bearer tokens for the API, signed with GOODWILL_TOKEN_SECRET."""

from __future__ import annotations

import typer

token_app = typer.Typer(help="API bearer tokens.", no_args_is_help=True)


@token_app.command(help="Print a bearer token: `--person ID` acts as that person; "
                   "`--role analyst` reads everything and runs Cypher; `--role admin` "
                   "may do anything, including rebuilding the graph.")
def create(
    person: str = typer.Option(None, "--person", help="Person id (UUID) the token acts as."),
    role: str = typer.Option(None, "--role", help="analyst or admin (instead of --person)."),
    days: float = typer.Option(30.0, "--days", help="Days until the token expires."),
) -> None:
    import config
    from api import auth
    from api.auth import Role

    if (person is None) == (role is None):
        raise typer.BadParameter("give exactly one of --person ID or --role analyst|admin")
    if role is not None and role not in (Role.ANALYST, Role.ADMIN):
        raise typer.BadParameter("--role is analyst or admin")
    if person is not None:
        from domain.ids import as_id

        person = as_id(person, "person id")
    chosen = Role.PERSON if person is not None else Role(role)
    secret = auth.ensure_secret(config.load())
    typer.echo(auth.issue(secret, chosen, person, ttl_s=int(days * 86400)))


def register(app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")
