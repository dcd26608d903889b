"""`goodwill project`, `goodwill rebuild`, `goodwill lag`: the Neo4j projection from the
command line (the API process runs the same projector as a background task)."""

from __future__ import annotations

import json
import signal
import threading
import time
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph.errors import GraphUnavailable

console = Console()


def _projector(batch_size: int) -> Any:
    import config
    from domain.app import Goodwill
    from graph.connection import connect
    from projector.projector import Projector

    settings = config.load()
    return Projector(Goodwill.from_settings(settings), connect(settings.neo4j),
                     batch_size=batch_size, database=settings.neo4j.database)


def _lag_text(projector: Any) -> str:
    lag = projector.lag()
    return (f"position {lag.position} of {lag.head}: {lag.events_behind} events behind, "
            f"{lag.seconds_behind:.1f} s behind")


def _unavailable(error: GraphUnavailable) -> typer.Exit:
    console.print(f"[red]{error.code}[/red]: {error}")
    return typer.Exit(code=2)


def _rebuild_offline(batch_size: int) -> None:
    import config
    from domain.app import Goodwill
    from projector.offline.rebuild import NotTheLocalServer, rebuild_offline
    from projector.offline.swap import SwapFailed

    settings = config.load()
    app = Goodwill.from_settings(settings)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn())
    started = time.monotonic()
    try:
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("Folding events", total=app.max_notification_id() or 1,
                                     rate="")

            def update(done: int, of: int) -> None:
                rate = done / max(time.monotonic() - started, 1e-9)
                progress.update(task, completed=done, total=of, rate=f"{rate:,.0f} ev/s")

            def step(name: str) -> None:
                progress.console.print(f"[cyan]·[/cyan] {name}")

            result = rebuild_offline(app, settings.neo4j, batch_size=batch_size,
                                     progress=update, step=step)
    except NotTheLocalServer as error:
        console.print(f"[red]NOT_LOCAL_SERVER[/red]: {error}")
        raise typer.Exit(code=2) from None
    except SwapFailed as error:
        console.print(f"[red]REBUILD_FAILED[/red]: {error}")
        raise typer.Exit(code=1) from None
    except GraphUnavailable as error:
        raise _unavailable(error) from None
    finally:
        app.close()
    elapsed = time.monotonic() - started
    console.print(f"Rebuilt offline from {result.events} events (position {result.position}):"
                  f" {result.nodes} nodes, {result.relationships} relationships in "
                  f"{elapsed:.1f} s.")


def _follow(projector: Any, poll_interval: float, report_every: float, metrics_host: str,
            metrics_port: int) -> None:
    """Follow until SIGTERM or Ctrl-C, holding the store's projector lease while projecting."""
    import config
    from api.projector_metrics import serve_metrics
    from api.projector_runner import ProjectorRunner
    from projector.lease import lease_for

    runner = ProjectorRunner(projector, poll_interval,
                             lease=lease_for(config.load().event_store, projector.name))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    runner.start()
    server = serve_metrics(runner, metrics_host, metrics_port) if metrics_port else None
    console.print("Following the event store (Ctrl-C stops).")
    try:
        while runner.running and not stop.wait(report_every):
            try:
                state = "active" if runner.active else "standing by"
                console.print(f"{_lag_text(projector)} ({state})")
            except GraphUnavailable as error:
                console.print(f"[yellow]{error.code}[/yellow]: waiting for the graph")
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.shutdown()
        runner.stop(10)


def register(app: typer.Typer) -> None:
    @app.command(help="Bring the graph up to date with the event store; with --follow keep "
                 "following new events (Ctrl-C stops), printing the lag as it goes. On a "
                 "PostgreSQL store it is woken by the store's notifications, and of several "
                 "followers on one store one projects while the others stand by.")
    def project(
        follow: bool = typer.Option(False, "--follow", help="Keep following new events."),
        batch_size: int = typer.Option(2000, help="Events per Neo4j transaction."),
        poll_interval: float = typer.Option(0.5, help="Seconds between polls when idle."),
        report_every: float = typer.Option(5.0, help="Seconds between lag reports (--follow)."),
        metrics_port: int = typer.Option(0, help="Serve /metrics (lag, active or standby) "
                                         "and /healthz on this port (--follow; 0: off)."),
        metrics_host: str = typer.Option("127.0.0.1", help="Address for --metrics-port."),
    ) -> None:
        projector = _projector(batch_size)
        try:
            if not follow:
                started = time.monotonic()
                applied = projector.catch_up(batch_size)
                elapsed = time.monotonic() - started
                console.print(f"Applied {applied} events in {elapsed:.1f} s. "
                              f"{_lag_text(projector)}")
                return
            _follow(projector, poll_interval, report_every, metrics_host, metrics_port)
        except GraphUnavailable as error:
            raise _unavailable(error) from None

    @app.command(help="Wipe the graph and replay every event from the store, with a progress "
                 "bar; prints events per second. The result equals the followed graph. "
                 "--offline instead folds the events into files, imports them into a fresh "
                 "store with neo4j-admin and swaps it in (the local server only; it stops "
                 "the graph for the import: reads answer REBUILDING meanwhile).")
    def rebuild(
        batch_size: int = typer.Option(5000, help="Events per Neo4j transaction (per "
                                       "folded batch with --offline)."),
        offline: bool = typer.Option(False, "--offline", help="Build a fresh store with "
                                     "neo4j-admin import and swap it in (large graphs)."),
        yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
    ) -> None:
        if not yes:
            what = ("This stops the graph, replaces its store with one imported from the "
                    "events and starts it again." if offline else
                    "This wipes the graph and rebuilds it from the events.")
            typer.confirm(f"{what} Go on?", abort=True)
        if offline:
            _rebuild_offline(batch_size)
            return
        projector = _projector(batch_size)
        total = projector.head()
        columns = (TextColumn("Rebuilding"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]}"), TimeElapsedColumn())
        started = time.monotonic()
        try:
            with Progress(*columns, console=console) as progress:
                task = progress.add_task("rebuild", total=total or 1, rate="")

                def update(done: int, of: int) -> None:
                    rate = done / max(time.monotonic() - started, 1e-9)
                    progress.update(task, completed=done, total=of, rate=f"{rate:,.0f} ev/s")

                replayed = projector.rebuild(batch_size, progress=update)
        except GraphUnavailable as error:
            raise _unavailable(error) from None
        elapsed = time.monotonic() - started
        console.print(f"Rebuilt from {replayed} events in {elapsed:.1f} s "
                      f"({replayed / max(elapsed, 1e-9):,.0f} events/s).")

    @app.command(help="How far the graph is behind the event store (events and seconds), "
                 "and on a PostgreSQL store which process projects (its pid and address).")
    def lag(as_json: bool = typer.Option(False, "--json", help="Print JSON (for metrics).")
            ) -> None:
        import config
        from projector.lease import lease_for

        projector = _projector(1)
        try:
            value = projector.lag()
        except GraphUnavailable as error:
            raise _unavailable(error) from None
        lease = lease_for(config.load().event_store, projector.name)
        holder = lease.holder()
        if as_json:
            shared = {"active_projector": None if holder is None else
                      {"pid": holder.pid, "address": holder.address}}
            print(json.dumps({**value.as_dict(), **(shared if lease.shared else {})}))
            return
        console.print(_lag_text(projector))
        if lease.shared:
            console.print(f"projected by {holder}" if holder is not None else
                          "[yellow]no process projects now[/] (none holds the lease)")
