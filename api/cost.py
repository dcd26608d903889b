"""Query cost: how many values a document may ask for, counted before it runs.

Depth, aliases and tokens are limited elsewhere, but not breadth × depth: `ties(first:
200)` three levels down asks for 200³ rows. Each field costs the product of the page sizes
(`first`, or the default page size when it is not given) of the paginated fields it sits
in, its own included; the document's cost is the sum over its fields, through fragments.
A document above the limit is refused with QUERY_TOO_COSTLY before anything is read."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

PAGE_ARGUMENT = "first"
Composite = GraphQLObjectType | GraphQLInterfaceType


class _Walk:
    def __init__(self, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode],
                 variables: Mapping[str, Any], default_first: int) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.default_first = default_first

    def page_size(self, node: FieldNode, argument: Any) -> int:
        literal = next((a.value for a in node.arguments or ()
                        if a.name.value == PAGE_ARGUMENT), None)
        given: Any = None
        if isinstance(literal, VariableNode):
            given = self.variables.get(literal.name.value)
        elif isinstance(literal, IntValueNode):
            given = int(literal.value)
        if given is None:
            given = argument.default_value
        # bad values are refused by the resolvers; count them as the default here
        return given if isinstance(given, int) and given > 0 else self.default_first

    def cost(self, selections: SelectionSetNode | None, parent: Composite | None,
             factor: int, spreading: frozenset[str] = frozenset()) -> int:
        total = 0
        for node, owner in self._fields(selections, parent, spreading):
            field = owner.fields.get(node.name.value) if owner is not None else None
            if field is None:  # __typename, or unknown (validation says so)
                total += factor
                continue
            argument = field.args.get(PAGE_ARGUMENT)
            inner = factor * (self.page_size(node, argument) if argument else 1)
            child = get_named_type(field.type)
            total += inner + self.cost(node.selection_set, child if isinstance(
                child, Composite) else None, inner, spreading)
        return total

    def _fields(self, selections: SelectionSetNode | None, parent: Composite | None,
                spreading: frozenset[str]) -> Iterator[tuple[FieldNode, Composite | None]]:
        """The fields of a selection set, fragments flattened (each with the type its
        fragment names); a fragment already being spread is skipped (a cycle)."""
        for selection in selections.selections if selections else ():
            if isinstance(selection, FieldNode):
                yield selection, parent
            elif isinstance(selection, InlineFragmentNode):
                yield from self._fields(selection.selection_set,
                                        self._type(selection.type_condition, parent), spreading)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in spreading:
                    yield from self._fields(fragment.selection_set,
                                            self._type(fragment.type_condition, parent),
                                            spreading | {name})

    def _type(self, condition: Any, parent: Composite | None) -> Composite | None:
        if condition is None:
            return parent
        named = self.schema.get_type(condition.name.value)
        return named if isinstance(named, Composite) else None


def document_cost(schema: GraphQLSchema, document: Any, operation_name: str | None,
                  variables: Mapping[str, Any] | None, default_first: int) -> int:
    """The cost of the operation a request runs (0 when it names none that exists: the
    validation explains that)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    chosen = [o for o in operations if operation_name is None
              or (o.name is not None and o.name.value == operation_name)]
    if len(chosen) != 1:
        return 0
    operation = chosen[0]
    root = schema.get_root_type(operation.operation)
    walk = _Walk(schema, fragments, variables or {}, default_first)
    return walk.cost(operation.selection_set, root, 1)


class Validated:
    """The validation errors of the documents validated last, by parsed document: the
    parser cache hands out one document per query text, and a schema's rules (its limits)
    are the same for every request, so a client's query is validated once, not on every
    request (validation was most of a small query's time)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._errors: OrderedDict[DocumentNode, list[GraphQLError]] = OrderedDict()

    def __call__(self, schema: GraphQLSchema, document: DocumentNode,
                 rules: tuple[type[ASTValidationRule], ...]) -> list[GraphQLError]:
        errors = self._errors.get(document)
        if errors is None:
            errors = self._errors[document] = validate_document(schema, document, rules)
            while len(self._errors) > self.maxsize:
                self._errors.popitem(last=False)
        else:
            self._errors.move_to_end(document)
        return list(errors)


class QueryCostLimiter(SchemaExtension):
    """Refuses a valid document whose cost is above `max_cost` (QUERY_TOO_COSTLY) before
    it runs. It validates the document itself first (strawberry then skips its own
    validation), so invalid documents keep their validation errors (depth, aliases …)."""

    def __init__(self, *, max_cost: int, default_first: int, validated: Validated) -> None:
        self.max_cost = max_cost
        self.default_first = default_first
        self.validated = validated

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            context.pre_execution_errors = self.validated(
                context.schema._schema, document, context.validation_rules)
        if document is not None and not context.pre_execution_errors:
            variables = context.variables if isinstance(context.variables, dict) else None
            cost = document_cost(context.schema._schema, document, context.operation_name,
                                 variables, self.default_first)
            if cost > self.max_cost:
                context.pre_execution_errors = [GraphQLError(
                    f"This query may return about {cost:,} values, more than the limit of "
                    f"{self.max_cost:,}: ask for smaller pages (`first`) or fewer levels.",
                    extensions={"code": "QUERY_TOO_COSTLY", "cost": cost,
                                "maxCost": self.max_cost})]
        yield
