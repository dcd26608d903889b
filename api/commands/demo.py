"""`goodwill demo seed`: record the demo network and project it into Neo4j."""

from __future__ import annotations

import typer
from rich.console import Console

import config
from api import auth
from api.demo import (
    DEMO_IMPORTER,
    PEOPLE,
    demo_person_id,
    seed_demo,
    seed_demo_imports,
)
from domain.app import Goodwill
from graph.connection import connect
from jobs.influence import run_job
from projector.projector import Projector

demo = typer.Typer(help="The demo network: a referral circle, a taker, an introduction.",
                   no_args_is_help=True)
console = Console()


@demo.command("seed")
def seed(
    url: str = typer.Option("http://127.0.0.1:8000/graphql", help="Where the API will be served "
                            "(shown in the hints printed at the end)."),
    with_imports: bool = typer.Option(
        False, "--with-imports", help="Also import Ana's LinkedIn Connections.csv and her "
        "calendar (api/demo_data/ana/) as her ties and meetings, as `goodwill import "
        "linkedin|ical FILE --as ANA` would."),
) -> None:
    """Record the demo network into the event store (once) and project it into Neo4j."""
    settings = config.load()
    app = Goodwill.from_settings(settings)
    before = app.recorder.max_notification_id() or 0
    with console.status("Recording the demo network …"):
        seed_demo(app)
    if with_imports:
        with console.status(f"Importing {DEMO_IMPORTER.title()}'s LinkedIn export and "
                            "calendar …"):
            imported = seed_demo_imports(app)
        for done in imported:
            console.print(f"Imported {done.path.name} ({done.kind}) as Ana Ruiz: "
                          f"{done.people} people registered, {done.recorded} new records.")
    recorded = (app.recorder.max_notification_id() or 0) - before
    with connect(settings.neo4j) as driver:
        with console.status("Projecting events into Neo4j …"):
            applied = Projector(app, driver, database=settings.neo4j.database).catch_up()
        with console.status("Scoring influence, brokerage and giving balance …"):
            run_job(driver)  # so analysts find the scores on Person nodes too
    console.print(
        f"Demo network ready: {len(PEOPLE)} people, {recorded} new events recorded, "
        f"{applied} projected."
    )
    print_what_to_try(url, settings)


def print_what_to_try(url: str, settings: config.Settings | None = None) -> None:
    """Tokens to paste into GraphiQL's Headers tab, and a first query to run."""
    secret = auth.ensure_secret(settings)
    hugo = str(demo_person_id("hugo"))
    analyst = auth.issue(secret, auth.Role.ANALYST)
    as_hugo = auth.issue(secret, auth.Role.PERSON, hugo)
    farid = demo_person_id("farid")
    # Plain print: tokens must stay on one line to be copied.
    app_url = url.removesuffix("/graphql") or url
    print(f"""
Open the web app as Hugo Silva: {app_url}/#token={as_hugo}
Try it: open {url} and paste into the Headers tab
  as an analyst:  {{"Authorization": "Bearer {analyst}"}}
  as Hugo Silva:  {{"Authorization": "Bearer {as_hugo}"}}
then run, for example (more in README.md):
  {{ people(search: "finance") {{ items {{ name headline given received }} }} }}
  {{ ledger(person: "{farid}") {{ items {{ kind direction counterpart {{ name }} }} }} }}
Analysts' Cypher: python3 ops/neo4j/neo4jctl.py env   ·   goodwill cypher --list
""")


def register(app: typer.Typer) -> None:
    app.add_typer(demo, name="demo")
