"""`goodwill demo seed`: record the demo network and project it into Neo4j."""

from __future__ import annotations

import typer
from rich.console import Console

from api.demo import PEOPLE, seed_demo
from domain.app import Goodwill
from projections.graph import connect
from projections.projector import Projector

demo = typer.Typer(help="The demo network: a referral circle, a taker, an introduction.",
                   no_args_is_help=True)
console = Console()


@demo.command("seed")
def seed() -> None:
    """Record the demo network into the event store (once) and project it into Neo4j."""
    app = Goodwill.from_env()
    before = app.recorder.max_notification_id() or 0
    with console.status("Recording the demo network …"):
        seed_demo(app)
    recorded = (app.recorder.max_notification_id() or 0) - before
    with connect() as driver, console.status("Projecting events into Neo4j …"):
        applied = Projector(app, driver).catch_up()
    console.print(
        f"Demo network ready: {len(PEOPLE)} people, {recorded} new events recorded, "
        f"{applied} projected."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(demo, name="demo")
