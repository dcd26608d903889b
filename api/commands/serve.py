"""`goodwill serve`: the GraphQL API under uvicorn, with the projector in-process (or not:
`--no-projector`, when a standalone `goodwill project --follow` follows the store)."""

from __future__ import annotations

import os

import typer


def register(app: typer.Typer) -> None:
    @app.command(help="Serve the GraphQL API at /graphql (GraphiQL in a browser), /cypher for "
                 "analysts, /healthz, /readyz and /metrics. The projector runs in the same "
                 "process; on a PostgreSQL store several processes (--workers, or separate "
                 "ones) share the work: one projects, the others stand by and take over.")
    def serve(
        host: str = typer.Option("127.0.0.1", help="Address to listen on."),
        port: int = typer.Option(8000, help="Port to listen on."),
        log_level: str = typer.Option("info", help="uvicorn log level."),
        workers: int = typer.Option(1, min=1, help="API processes (a PostgreSQL store for "
                                    "more than one)."),
        no_projector: bool = typer.Option(False, "--no-projector", help="Do not project "
                                          "here: `goodwill project --follow` does. Mutations "
                                          "still wait for their event to reach the graph."),
    ) -> None:
        import uvicorn

        from api.app import create_app
        from api.settings import ApiSettings

        if no_projector:  # read again by each worker's settings
            os.environ["GOODWILL_RUN_PROJECTOR"] = "false"
        # Read here so that a bad setting stops the command before uvicorn starts.
        settings = ApiSettings.from_settings()
        if workers > 1 and not settings.event_store.startswith(("postgresql:", "postgres:")):
            raise typer.BadParameter("several workers need a PostgreSQL event store "
                                     "(GOODWILL_EVENT_STORE=postgresql://…)",
                                     param_hint="--workers")
        if workers == 1:
            uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level)
        else:
            uvicorn.run("api.app:create_app", factory=True, host=host, port=port,
                        log_level=log_level, workers=workers)
