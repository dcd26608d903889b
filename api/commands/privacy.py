"""`goodwill privacy …`: the master key that wraps every person's key (docs/privacy.md)."""

from __future__ import annotations

import typer

privacy_app = typer.Typer(help="Personal data: keys and erasure.", no_args_is_help=True)


@privacy_app.command("rotate-master-key", help=(
    "Re-wrap every person's key under a new master key, in one transaction, and write it to "
    "the .env file as GOODWILL_MASTER_KEY; the old one moves to GOODWILL_MASTER_KEY_PREVIOUS "
    "so processes still running keep working. Restart them, then remove the previous key."))
def rotate_master_key(
    store: str = typer.Option(None, "--store", help="Event store URL (default: the settings')."),
) -> None:
    import config
    from config.env_file import replace
    from domain.app import Goodwill
    from domain.privacy import master

    settings = config.load()
    app = Goodwill.from_url(store or settings.event_store)
    try:
        old = app.mapper.keyring.master  # type: ignore[attr-defined]
        new, count = master.rotate(app.recorder, old)  # type: ignore[arg-type]
    finally:
        app.close()
    path = replace({
        master.MASTER_KEY_VARIABLE: master.encode_key(new.current),
        f"{master.MASTER_KEY_VARIABLE}_PREVIOUS": ",".join(
            master.encode_key(k) for k in new.previous),
    })
    typer.echo(f"re-wrapped {count} keys under master key {new.current_id}; {path} updated")


@privacy_app.command("export", help=(
    "Print everything the event store holds about a person as one JSON document: profile, "
    "every event they recorded or are named in (decrypted), and the import lines that "
    "bring the profile back (the API's exportPersonData adds their ties and scores)."))
def export(
    person: str = typer.Argument(..., help="The person's id (UUID)."),
    store: str = typer.Option(None, "--store", help="Event store URL (default: the settings')."),
) -> None:
    import json

    import config
    from domain.app import Goodwill
    from domain.errors import DomainError
    from domain.privacy.export import person_data

    app = Goodwill.from_url(store or config.load().event_store)
    try:
        typer.echo(json.dumps(person_data(app, person), indent=2, ensure_ascii=False))
    except DomainError as error:
        typer.echo(f"goodwill: {error.message}", err=True)
        raise typer.Exit(1) from None
    finally:
        app.close()


def register(app: typer.Typer) -> None:
    app.add_typer(privacy_app, name="privacy")
