"""`goodwill serve`: the GraphQL API under uvicorn, with the projector in-process."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command(help="Serve the GraphQL API at /graphql (GraphiQL in a browser), /cypher for "
                 "analysts, /healthz and /readyz. The projector runs in the same process.")
    def serve(
        host: str = typer.Option("127.0.0.1", help="Address to listen on."),
        port: int = typer.Option(8000, help="Port to listen on."),
        log_level: str = typer.Option("info", help="uvicorn log level."),
    ) -> None:
        import uvicorn

        from api.app import create_app
        from api.settings import ApiSettings

        # Read here so that a bad setting stops the command before uvicorn starts.
        uvicorn.run(create_app(ApiSettings.from_settings()), host=host, port=port,
                    log_level=log_level)
