"""`/metrics` and `/healthz` of the standalone projector (`goodwill project --follow
--metrics-port N`): whether it projects or stands by, and how far the graph is behind, in
the Prometheus text format the API's `/metrics` uses."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from api import metrics
from api.projector_runner import ProjectorRunner


def known(runner: ProjectorRunner) -> dict[str, float]:
    """The gauges now; those that cannot be read are left out."""
    values: dict[str, float] = {"goodwill_projector_active": float(runner.active)}
    try:
        lag = runner.projector.lag()
    except Exception:  # the graph or the store does not answer
        values["goodwill_up"] = 0.0
        return values
    values.update({
        "goodwill_up": 1.0, "goodwill_event_store_up": 1.0, "goodwill_neo4j_up": 1.0,
        "goodwill_event_store_position": lag.head,
        "goodwill_projection_position": lag.position,
        "goodwill_projection_events_behind": lag.events_behind,
        "goodwill_projection_seconds_behind": lag.seconds_behind,
    })
    return values


def serve_metrics(runner: ProjectorRunner, host: str, port: int) -> ThreadingHTTPServer:
    """Serve in a daemon thread until the returned server's `shutdown()`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/metrics":
                body = metrics.render(known(runner)).encode()
                kind = "text/plain; version=0.0.4"
            elif self.path == "/healthz":
                body, kind = b'{"status": "ok"}', "application/json"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # scraped every few seconds: not worth a line each

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, name="projector-metrics",
                     daemon=True).start()
    return server
