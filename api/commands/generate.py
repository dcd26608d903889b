"""`goodwill generate`: a synthetic business network (`synthetic/`) written through the
domain's commands, in batches, into the event store (GOODWILL_EVENT_STORE), optionally
projected into Neo4j. The plan is deterministic for a seed; see bench/README.md."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command(help="Generate a realistic business network (communities, brokers, takers, "
                 "years of meetings, help, introductions, referrals, thanks) into the event "
                 "store, through the domain's commands. Same seed, same network.")
    def generate(
        people: int = typer.Option(1000, "--people", min=10, help="How many people."),
        years: float = typer.Option(3.0, "--years", min=0.1, help="Years of history."),
        seed: int = typer.Option(1, "--seed", help="Seed of the generator."),
        store: str = typer.Option(None, "--store", help="Event store URL (default: "
                                  "GOODWILL_EVENT_STORE)."),
        project: bool = typer.Option(True, "--project/--no-project",
                                     help="Project the events into Neo4j afterwards."),
    ) -> None:
        from rich.console import Console

        import config
        from api.progress import progress_bar
        from domain.app import Goodwill
        from synthetic.load import load
        from synthetic.plan import plan

        console = Console()
        with console.status(f"Planning {people:,} people over {years:g} years …"):
            network = plan(people, years, seed)
        settings = config.load()
        app = Goodwill.from_url(store) if store else Goodwill.from_settings(settings)
        if app.max_notification_id():
            console.print("[yellow]The event store already holds events; the network is "
                          "added to them (a second run with the same seed fails: the "
                          "people exist).[/]")
        with progress_bar(console) as bar:
            task = bar.add_task("Recording events", total=len(network))
            result = load(app, network, progress=lambda done, total: bar.update(
                task, completed=done, total=total))
        console.print(f"{result.events:,} events for {people:,} people in "
                      f"{result.seconds:.1f} s ({result.events_per_second:,.0f} events/s).")
        if project:
            from graph.connection import connect
            from projector.projector import Projector

            neo4j = settings.neo4j
            with connect(neo4j) as driver, progress_bar(console) as bar:
                task = bar.add_task("Projecting into Neo4j", total=app.max_notification_id())
                applied = Projector(app, driver, database=neo4j.database).catch_up(
                    5000, lambda done, total: bar.update(task, completed=done, total=total))
            console.print(f"{applied:,} events projected.")
        app.close()
