"""Every failure a client can see has a stable `extensions.code` and a readable message.

Domain errors, auth errors and an unreachable graph say what went wrong; anything else is
logged here with its stack trace and reaches the client only as `INTERNAL`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from api.auth import AuthError
from domain.store_faults import store_fault
from graph.errors import UNAVAILABLE, GraphUnavailable
from graph.rebuilding import GraphRebuilding

log = logging.getLogger("goodwill.api")

INTERNAL_MESSAGE = "Internal error; it has been logged."
GRAPH_UNAVAILABLE_MESSAGE = "The graph database is unavailable; try again shortly."


class ApiError(Exception):
    """An error raised by the API layer itself (bad input, unknown object, forbidden …)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _is_graph_unavailable(error: BaseException) -> bool:
    # Not any OSError: the event store's pool raises TimeoutError, which is one.
    return isinstance(error, (GraphUnavailable, *UNAVAILABLE))


def _is_domain_error(error: BaseException) -> bool:
    return any(cls.__name__ == "DomainError" for cls in type(error).__mro__)


def classify(error: BaseException) -> tuple[str, str] | None:
    """(code, message) for an error the client may read; None for an unexpected one."""
    if isinstance(error, ApiError | AuthError):
        return error.code, error.message
    if _is_domain_error(error):
        code = getattr(error, "code", "DOMAIN_ERROR")
        return str(code), str(getattr(error, "message", None) or error)
    fault = store_fault(error)  # raised outside a command: a read of the event store
    if fault is not None:
        return fault.code, fault.message
    if isinstance(error, GraphRebuilding):
        return error.code, error.message
    if _is_graph_unavailable(error):
        return "GRAPH_UNAVAILABLE", GRAPH_UNAVAILABLE_MESSAGE
    return None


def rewrite(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if original is None:  # syntax, validation, limits: graphql-core's message is the answer
        code = (error.extensions or {}).get("code", "INVALID_QUERY")
        return _with(error, error.message, code)
    if isinstance(original, GraphQLError) and error.path is None:
        # a variable's value refused while coercing it (a date that does not exist,
        # a float that is not finite): graphql-core's message names the variable
        return _with(error, error.message, "INVALID_INPUT")
    known = classify(original)
    if known is None:
        return _with(error, INTERNAL_MESSAGE, "INTERNAL")
    return _with(error, known[1], known[0])


def _with(error: GraphQLError, message: str, code: str) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,  # keeps traces out of the response
        extensions={**(error.extensions or {}), "code": code},
    )


def log_unexpected(errors: list[GraphQLError]) -> None:
    for error in errors:
        original = error.original_error
        if original is not None and classify(original) is None:
            log.error("unexpected error in %s", error.path, exc_info=original)


class CypherRoundTrips(SchemaExtension):
    """Reports in `extensions.cypherRoundTrips` how many Cypher statements the request ran:
    it stays flat as lists grow when every level is batched by a dataloader."""

    def get_results(self) -> dict[str, int]:
        reads = getattr(self.execution_context.context, "reads", None)
        return {"cypherRoundTrips": len(reads.calls)} if reads is not None else {}


READ_MODEL_BEHIND_MESSAGE = ("Recorded in the event store; the graph does not show it yet "
                             "and will when the projection catches up. Do not send it again.")


class ReadModelBehind(SchemaExtension):
    """Says in `extensions.readModelBehind` that a command of the request was stored but the
    graph (what its payload's fields read) does not show it yet, and why."""

    def get_results(self) -> dict[str, dict[str, str]]:
        code = getattr(self.execution_context.context, "read_model_behind", None)
        if code is None:
            return {}
        return {"readModelBehind": {"code": code, "message": READ_MODEL_BEHIND_MESSAGE}}


class ErrorCodes(SchemaExtension):
    """Rewrites the errors of every result into `{message, extensions.code}`."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [rewrite(error) for error in errors]

    def on_stream_result(self, result: object) -> Iterator[None]:
        """Each result a subscription delivers, before it is sent."""
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = [rewrite(error) for error in errors]  # type: ignore[attr-defined]
        yield
