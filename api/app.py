"""The web app: the browser app at /, GraphQL (GraphiQL, and subscriptions over WebSocket)
at /graphql, analysts' Cypher at /cypher, /healthz, /readyz and /metrics (Prometheus); a
lifespan that opens the services and runs the projector in-process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    Response,
)
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from api import analyst, auth, json_input, metrics
from api.auth import AuthError, Role
from api.context import Context
from api.errors import ApiError
from api.limits import MULTIPART_OVERHEAD, BodySizeLimit
from api.schema import build_schema
from api.services import Services
from api.settings import ApiSettings
from domain.store_faults import store_fault
from graph.errors import GraphUnavailable
from graph.rebuilding import GraphRebuilding

log = logging.getLogger("goodwill.api")
# Reads name properties that only some nodes carry yet (influence, notes); Neo4j's "unknown
# property" notices about them are expected, not news.
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

STATIC = resources.files("api").joinpath("static")
GRAPHIQL_HTML = resources.files("api").joinpath("graphiql.html").read_text(encoding="utf-8")


class GoodwillGraphQL(GraphQL):
    async def get_context(  # type: ignore[override]
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        services: Services = request.app.state.services
        principal, auth_error = None, None
        try:
            principal = await standing(services, request.headers.get("authorization"))
        except AuthError as error:
            auth_error = error
        return Context(request, response, services, principal, auth_error, services.reads())

    async def on_ws_connect(self, context: Context) -> None:  # type: ignore[override]
        """A browser cannot set headers on a WebSocket: the token comes in
        `connection_init` (`{"authorization": "Bearer …"}`). A refused token is answered
        by each subscription with its code, as over HTTP."""
        header = (context.connection_params or {}).get("authorization")
        if header is None:
            return
        try:
            context.principal, context.auth_error = (
                await standing(context.services, str(header)), None)
        except AuthError as error:
            context.principal, context.auth_error = None, error

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(GRAPHIQL_HTML)

    def decode_json(self, data: str | bytes) -> object:
        return json_input.loads(data)

    async def run(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().run(request, *args, **kwargs)
        except ApiError as error:  # a body refused before it became a GraphQL request
            return JSONResponse({"errors": [{"message": error.message,
                                             "extensions": {"code": error.code}}]},
                                status_code=400)


async def standing(services: Services, header: str | None) -> auth.Principal | None:
    """The principal of an `Authorization` header's token when it is valid and still stands
    (not revoked, its person not forgotten); None without a token; AuthError otherwise."""
    principal = auth.from_header(services.token_secret, header)
    if principal is not None:
        try:
            if services.store_is_local:  # a read of microseconds: no thread hop
                services.check_standing(principal)
            else:
                await asyncio.to_thread(services.check_standing, principal)
        except AuthError:
            raise
        except Exception as error:  # refused, not let through, while it cannot be checked
            log.warning("could not check a token against the event store: %r", error)
            fault = store_fault(error)
            if fault is not None and fault.code == "EVENT_STORE_CORRUPT":
                raise AuthError(fault.code, fault.message) from None
            raise AuthError("EVENT_STORE_UNAVAILABLE", "The event store does not answer, so "
                            "the token cannot be checked; try again shortly.") from None
    return principal


def _problem(code: str, message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


AUTH_STATUS = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403, "EVENT_STORE_UNAVAILABLE": 503,
               "EVENT_STORE_CORRUPT": 503}
CYPHER_STATUS = {"GRAPH_UNAVAILABLE": 503, "CYPHER_BUSY": 429,
                 "CYPHER_RESPONSE_TOO_LARGE": 413}


async def cypher_endpoint(request: Request) -> JSONResponse:
    """`{"query": "<statement>", "parameters": {…}}` or `{"name": "top_givers"}`: rows as JSON."""
    services: Services = request.app.state.services
    try:
        principal = await standing(services, request.headers.get("authorization"))
        if principal is None:
            raise AuthError("UNAUTHENTICATED", "Send `Authorization: Bearer <analyst token>`.")
        if principal.role not in (Role.ANALYST, Role.ADMIN):
            raise AuthError("FORBIDDEN", "Cypher needs an analyst or admin token.")
    except AuthError as error:
        return _problem(error.code, error.message, AUTH_STATUS[error.code])
    try:
        body = json_input.loads(await request.body() or b"{}")
        if not isinstance(body, dict):
            raise ValueError("not an object")
        parameters = body.get("parameters") or {}
        if not isinstance(parameters, dict):
            raise ValueError("parameters is not an object")
        if body.get("name"):
            statement = analyst.named(str(body["name"]))
            parameters = {**analyst.default_parameters(statement), **parameters}
        else:
            statement = str(body.get("query") or "")
    except ApiError as error:
        return _problem(error.code, error.message, 400)
    except ValueError as error:
        return _problem("INVALID_INPUT", f"Send a JSON object with `query` or `name`: {error}",
                        400)
    except analyst.CypherError as error:
        return _problem(error.code, error.message, 404)
    try:
        generation = services.gate.check()
        marker = await services.marker.check()
        result = await services.analysts.run(statement, parameters)
        services.gate.check(generation)
        await services.marker.check(marker)
    except GraphRebuilding as error:
        return _problem(error.code, error.message, 503)
    except GraphUnavailable as error:  # the rebuild marker could not be read
        return _problem(error.code, error.message, 503)
    except analyst.CypherError as error:
        return _problem(error.code, error.message, CYPHER_STATUS.get(error.code, 400))
    return JSONResponse(result.as_json())


async def web_app(request: Request) -> FileResponse:
    """The browser app (plain ES modules under static/app/, no build step)."""
    return FileResponse(str(STATIC.joinpath("app", "index.html")),
                        headers={"Cache-Control": "no-cache"})


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def _checks(services: Services) -> tuple[bool, dict[str, Any]]:
    """Whether the event store and Neo4j answer, and the projection lag."""
    checks: dict[str, Any] = {}
    try:
        position = await asyncio.to_thread(services.domain.recorder.max_notification_id)
        checks["event_store"] = {"ok": True, "position": position or 0}
        written = services.recent_store_fault()
        if written is not None:  # reads answer, the latest command could not write
            checks["event_store"].update(ok=False, error=written)
    except Exception as error:
        fault = store_fault(error)
        checks["event_store"] = {"ok": False,
                                 "error": fault.code if fault else type(error).__name__}
    try:
        await asyncio.wait_for(services.async_driver.verify_connectivity(), timeout=5)
        checks["neo4j"] = {"ok": True}
    except Exception as error:
        checks["neo4j"] = {"ok": False, "error": type(error).__name__}
    rebuilding = await services.rebuilding()
    ready = checks["event_store"]["ok"] and checks["neo4j"]["ok"] and not rebuilding
    projection: dict[str, Any] = {"ok": ready, "lag": None}
    if rebuilding:
        projection.update(rebuilding=True, error="REBUILDING")
    elif ready:
        try:
            details = await asyncio.to_thread(services.lag_details)
            projection.update(lag=details["events_behind"], **details)
        except Exception as error:
            projection = {"ok": False, "lag": None, "error": type(error).__name__}
    checks["projection"] = projection
    return ready, checks


async def readyz(request: Request) -> JSONResponse:
    """Ready when the event store and Neo4j answer; reports the projection lag."""
    ready, checks = await _checks(request.app.state.services)
    return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)


async def metrics_endpoint(request: Request) -> PlainTextResponse:
    services: Services = request.app.state.services
    ready, checks = await _checks(services)
    known = {**metrics.values(checks, ready),
             "goodwill_live_subscriptions": float(services.live.subscribers)}
    return PlainTextResponse(metrics.render(known),
                             media_type="text/plain; version=0.0.4")


def create_app(settings: ApiSettings | None = None, services: Services | None = None) -> Starlette:
    """The app; it opens its own services at start-up unless given ready ones (tests)."""
    settings = settings or ApiSettings.from_settings()
    # multipart: importFile's upload; requests carry bearer tokens, never cookies, so a
    # cross-site form cannot post one in a signed-in person's name. Only
    # graphql-transport-ws: the legacy graphql-ws protocol is not offered.
    graphql = GoodwillGraphQL(build_schema(settings.limits), graphql_ide="graphiql",
                              multipart_uploads_enabled=True,
                              subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL])

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or await asyncio.to_thread(
            Services.open, settings, settings.token_secret or auth.ensure_secret()
        )
        app.state.services.live.attach(asyncio.get_running_loop())
        if owned:
            app.state.services.start()
        try:
            yield
        finally:
            if owned:
                await app.state.services.close()

    return Starlette(
        routes=[
            Route("/", web_app),
            Route("/graphql", graphql),
            WebSocketRoute("/graphql", graphql),
            Route("/cypher", cypher_endpoint, methods=["POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
            Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
        ],
        middleware=[Middleware(BodySizeLimit, max_bytes=settings.limits.max_body_bytes,
                               max_multipart_bytes=settings.limits.max_upload_bytes
                               + MULTIPART_OVERHEAD)],
        lifespan=lifespan,
    )
