"""`goodwill token create | revoke | id`: bearer tokens for the API, signed with
GOODWILL_TOKEN_SECRET; revocations are kept in the event store."""

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
    link: bool = typer.Option(False, "--link", help="Print a sign-in link to the web app "
                              "instead: the token rides in the URL fragment (#token=…), "
                              "which browsers never send to the server."),
    host: str = typer.Option("127.0.0.1", "--host", help="The web app's host (with --link)."),
    port: int = typer.Option(8000, "--port", help="The web app's port (with --link)."),
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
    if not 0 < days <= auth.MAX_TTL_S / 86400:
        raise typer.BadParameter(f"--days is more than 0 and at most "
                                 f"{auth.MAX_TTL_S // 86400}")
    chosen = Role.PERSON if person is not None else Role(role)
    secret = auth.ensure_secret(config.load())
    token = auth.issue(secret, chosen, person, ttl_s=int(days * 86400))
    typer.echo(sign_in_link(host, port, token) if link else token)


def sign_in_link(host: str, port: int, token: str) -> str:
    """The web app's address with the token in the fragment only: no path, no query."""
    return f"http://{host}:{port}/#token={token}"


@token_app.command(help="Revoke a token at once, in every API process on the event store: "
                   "give the token itself or its id (`goodwill token id TOKEN` prints it). "
                   "Tokens of a forgotten person stop working without this.")
def revoke(
    token: str = typer.Argument(..., help="The token (gw1.…), or its id."),
    store: str = typer.Option(None, "--store", help="Event store URL (default: "
                              "GOODWILL_EVENT_STORE)."),
) -> None:
    import config
    from api import auth
    from domain.actors import Actor
    from domain.app import Goodwill
    from domain.errors import DomainError

    try:
        token_id = auth.token_id_of(token) if token.startswith("gw1.") else token.strip()
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    app = Goodwill.from_url(store or config.load().event_store)
    try:
        newly = app.revoke_token(Actor.admin(), token_id)
    except DomainError as error:
        raise typer.BadParameter(error.message) from None
    finally:
        app.close()
    typer.echo(f"revoked {token_id}" if newly else f"{token_id} was already revoked")


@token_app.command("id", help="Print the id of a token (what `goodwill token revoke` takes).")
def token_id(token: str = typer.Argument(..., help="The token (gw1.…).")) -> None:
    from api import auth

    try:
        typer.echo(auth.token_id_of(token))
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def register(app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")
