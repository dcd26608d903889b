"""The GraphQL schema, assembled from one module per area.

Each area module defines a `Query` and/or a `Mutation` strawberry type; adding an area is
one module plus one line in `AREAS`. The commands' mutations are generated from their
declarations (`api.schema.commands`).
"""

from __future__ import annotations

import importlib
from types import ModuleType

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api.errors import CypherRoundTrips, ErrorCodes, ReadModelBehind, log_unexpected
from api.settings import Limits

AREAS = [
    "people",
    "relationships",
    "introductions",
    "referrals",
    "groups",
    "audit",
    "commands",
    "admin",
    "intelligence",
]


def _areas() -> list[ModuleType]:
    return [importlib.import_module(f"api.schema.{name}") for name in AREAS]


def _merged(kind: str) -> type:
    parts = tuple(getattr(module, kind) for module in _areas() if hasattr(module, kind))
    return merge_types(kind, parts)


class GoodwillSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_unexpected(errors)  # expected errors (domain, auth, limits) are not noise


def build_schema(limits: Limits | None = None) -> strawberry.Schema:
    limits = limits or Limits()
    return GoodwillSchema(
        query=_merged("Query"),
        mutation=_merged("Mutation"),
        extensions=[
            # factories: a fresh extension per request
            lambda: QueryDepthLimiter(max_depth=limits.max_depth),
            lambda: MaxAliasesLimiter(max_alias_count=limits.max_aliases),
            lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
            ErrorCodes,
            CypherRoundTrips,
            ReadModelBehind,
        ],
    )


def sdl() -> str:
    """The schema as SDL, as exported to `schema.graphql`."""
    return build_schema().as_str() + "\n"
