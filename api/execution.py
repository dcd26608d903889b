"""How GraphQL fields are executed: graphql-core's executor (through strawberry's), with a
shortcut for the commonest field of all, a plain attribute holding a scalar or an enum.

A page of twenty ties asks for about a hundred fields, and graphql-core spends on each
leaf what it spends on a resolver: a resolve-info object, the resolver chain, the checks
for awaitables, lists, objects and non-null. For a field strawberry itself resolves as a
plain attribute (`is_basic_field`: no resolver, no extension) whose type is a scalar or an
enum, the value is read and coerced directly. Anything out of the ordinary — no value where
one is required, an awaitable, a value the scalar refuses — goes the whole way through
graphql-core, which then reports it as it always does: the shortcut never answers what
graphql-core would not (`tests/unit/api/test_execution.py` checks the two agree)."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import (
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.pyutils import Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

# A plain leaf: the attribute holding it, its type, and whether it may be null.
PlainLeaf = tuple[str, GraphQLLeafType, bool]
# Values no leaf read from an attribute is awaited for (their type has no __await__).
_READY = frozenset({str, int, float, bool})


def plain_leaves(schema: GraphQLSchema) -> dict[str, dict[str, PlainLeaf]]:
    """By object type and field name, the fields strawberry resolves as a plain attribute
    and whose type is a scalar or an enum."""
    found: dict[str, dict[str, PlainLeaf]] = {}
    for name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or name.startswith("__"):
            continue
        for field_name, field in graphql_type.fields.items():
            definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
            resolve = field.resolve
            if (definition is None or resolve is None
                    or resolve.__name__ != "_get_basic_result"  # strawberry's plain path
                    or definition.default_resolver is not getattr):
                continue
            nullable = not isinstance(field.type, GraphQLNonNull)
            leaf = field.type if nullable else field.type.of_type
            if is_leaf_type(leaf):
                found.setdefault(name, {})[field_name] = (definition.python_name, leaf,
                                                          nullable)
    return found


def install(schema: strawberry.Schema) -> None:
    """Execute the schema's operations with an execution context that knows its plain
    leaves."""
    schema.execution_context_class = type(
        "ExecutionContext", (ExecutionContext,), {"leaves": plain_leaves(schema._schema)})


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    leaves: dict[str, dict[str, PlainLeaf]] = {}

    def execute_field(self, parent_type: GraphQLObjectType, source: Any,
                      field_details_list: Any, path: Any, position_context: Any) -> Any:
        leaves = self.leaves.get(parent_type.name)
        if leaves is not None:
            plain = leaves.get(field_details_list[0].node.name.value)
            if plain is not None:
                name, leaf, nullable = plain
                value = getattr(source, name, Undefined)
                if value is None:
                    if nullable:
                        return None
                elif value is not Undefined and (type(value) in _READY
                                                 or not hasattr(value, "__await__")):
                    try:
                        coerced = leaf.coerce_output_value(value)
                    except Exception:  # graphql-core reports it, below
                        coerced = None
                    if coerced is not None and coerced is not Undefined:
                        return coerced
        return super().execute_field(parent_type, source, field_details_list, path,
                                     position_context)
