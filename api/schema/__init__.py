"""The GraphQL schema, assembled from one module per area.

Each area module defines a `Query` and/or a `Mutation` strawberry type; adding an area is
one module plus one line in `AREAS`. The commands' mutations are generated from their
declarations (`api.schema.commands`).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import strawberry
from graphql import ASTValidationRule, DirectiveLocation, GraphQLDirective, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    max_aliases,
    query_depth_limiter,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api import execution
from api.cost import QueryCostLimiter, Validated
from api.errors import CypherRoundTrips, ErrorCodes, ReadModelBehind, log_unexpected
from api.settings import Limits

# Query texts whose parse and validation are kept (a bounded memory: texts never seen
# before only push the oldest out).
DOCUMENTS_KEPT = 256
AREAS = [
    "people",
    "relationships",
    "introductions",
    "referrals",
    "groups",
    "audit",
    "privacy",
    "commands",
    "admin",
    "intelligence",
    "imports",
    "subscriptions",
    "viewer",
]


def _areas() -> list[ModuleType]:
    return [importlib.import_module(f"api.schema.{name}") for name in AREAS]


def _merged(kind: str) -> type:
    parts = tuple(getattr(module, kind) for module in _areas() if hasattr(module, kind))
    return merge_types(kind, parts)


def _portable(directive: GraphQLDirective) -> GraphQLDirective:
    """graphql-core 3.3 lets `@deprecated` mark directives (location DIRECTIVE_DEFINITION),
    which graphql-core 3.2 and graphql-js 16 do not know: their clients fail to build a
    schema from an introspection that lists it. Nothing here deprecates a directive."""
    if DirectiveLocation.DIRECTIVE_DEFINITION not in directive.locations:
        return directive
    kwargs = directive.to_kwargs()
    kwargs["locations"] = tuple(location for location in directive.locations
                                if location is not DirectiveLocation.DIRECTIVE_DEFINITION)
    return GraphQLDirective(**kwargs)


class GoodwillSchema(strawberry.Schema):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        execution.install(self)
        self._schema.directives = tuple(_portable(d) for d in self._schema.directives)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_unexpected(errors)  # expected errors (domain, auth, limits) are not noise


def build_schema(limits: Limits | None = None) -> strawberry.Schema:
    limits = limits or Limits()
    validated = Validated(DOCUMENTS_KEPT)
    # The depth and alias rules are made once: strawberry's QueryDepthLimiter and
    # MaxAliasesLimiter make new rule classes for every request they are built for.
    limit_rules: list[type[ASTValidationRule]] = [
        query_depth_limiter.create_validator(limits.max_depth, None),
        max_aliases.create_validator(limits.max_aliases)]
    return GoodwillSchema(
        query=_merged("Query"),
        mutation=_merged("Mutation"),
        subscription=_merged("Subscription"),
        extensions=[
            # factories: a fresh extension per request
            lambda: ParserCache(maxsize=DOCUMENTS_KEPT),  # a client sends few query texts
            lambda: AddValidationRules(limit_rules),
            lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
            lambda: QueryCostLimiter(max_cost=limits.max_cost, default_first=limits.page_size,
                                     validated=validated),
            ErrorCodes,
            CypherRoundTrips,
            ReadModelBehind,
        ],
    )


def sdl() -> str:
    """The schema as SDL, as exported to `schema.graphql`."""
    return build_schema().as_str() + "\n"
