"""The GraphQL mutations: one per declared command (`domain.declarations.commands()`).

A mutation's arguments are its command's fields — ids as `ID`, closed sets of words as
enums, each with the field's doc — plus `at` and `idempotencyKey`; its answer is the
payload of the command's aggregate (what was recorded, and the aggregate as it is after the
command). Nothing here is written per command: a new declaration is a new mutation."""

from __future__ import annotations

import inspect
from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

from api.context import Info
from api.permissions import ActsForPeople
from api.schema.common import CommandPayload
from api.schema.groups import GroupPayload
from api.schema.introductions import IntroductionPayload
from api.schema.people import PersonPayload
from api.schema.referrals import ReferralPayload
from api.schema.relationships import RelationshipPayload
from api.schema.types import RelationshipKind
from domain.declarations import CommandSpec, Field, commands
from domain.group import Group
from domain.introduction import Introduction
from domain.person import Person
from domain.referral import Referral
from domain.relationship import Relationship

PAYLOADS: dict[type, type[CommandPayload]] = {
    Person: PersonPayload,
    Relationship: RelationshipPayload,
    Introduction: IntroductionPayload,
    Referral: ReferralPayload,
    Group: GroupPayload,
}
# Enums the output types share; the others are made from their declaration.
ENUMS: dict[str, type[Enum]] = {"RelationshipKind": RelationshipKind}

AT = Annotated[datetime | None, strawberry.argument(
    description="When it happened (default now; may be back-dated, not in the future).")]
KEY = Annotated[str | None, strawberry.argument(
    description="Sending the same key again with the same arguments returns the first "
                "answer and writes nothing; with other arguments it is IDEMPOTENCY_CONFLICT.")]


def enum_of(field: Field) -> type[Enum]:
    """The GraphQL enum of a Choice field: its words, upper-cased."""
    assert field.choice is not None
    enum = ENUMS.get(field.choice)
    if enum is None:
        words: type[Enum] = Enum(field.choice, {w.upper(): w for w in field.words})  # type: ignore[misc]
        enum = strawberry.enum(words)
        ENUMS[field.choice] = enum
    if {member.value for member in enum} != set(field.words):
        raise TypeError(f"enum {field.choice} does not hold the words of {field.name}")
    return enum


# Argument names strawberry's resolver machinery takes for itself (a permission extension
# is called with `source`): such fields get a python name with a trailing underscore.
RESERVED = frozenset({"source", "info", "root", "self"})


def python_name(field: Field) -> str:
    return f"{field.name}_" if field.name in RESERVED else field.name


def argument_type(field: Field) -> Any:
    if field.ref is not None:
        kind: Any = list[strawberry.ID] if field.is_list else strawberry.ID
    elif field.choice is not None:
        kind = enum_of(field)
    else:
        kind = field.base
    if field.optional:
        kind = kind | None
    name = to_camel_case(field.name) if field.name in RESERVED else None
    return Annotated[kind, strawberry.argument(description=field.doc or None, name=name)]


def argument_default(field: Field) -> Any:
    if field.required:
        return inspect.Parameter.empty
    if field.choice is not None and field.default is not None:
        return enum_of(field)(field.default)
    return field.default


def domain_value(value: Any) -> Any:
    """A GraphQL argument as the command takes it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [domain_value(item) for item in value]
    return value


def mutation(spec: CommandSpec) -> StrawberryField:
    payload = PAYLOADS[spec.aggregate]

    async def resolve(root: Any, info: Info, **arguments: Any) -> Any:
        at, key = arguments.pop("at", None), arguments.pop("idempotency_key", None)
        result = await info.context.command(
            spec.name, at=at, idempotency_key=key,
            **{name.removesuffix("_"): domain_value(value)
               for name, value in arguments.items()})
        return payload.of(result)

    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [
        inspect.Parameter("root", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("info", keyword, annotation=Info),
        *(inspect.Parameter(python_name(f), keyword, annotation=argument_type(f),
                            default=argument_default(f)) for f in spec.fields),
        inspect.Parameter("at", keyword, annotation=AT, default=None),
        inspect.Parameter("idempotency_key", keyword, annotation=KEY, default=None),
    ]
    # Nullable, like every field of the payload but `recorded`: a command that was stored
    # answers it even when a later field (or another mutation of the document) fails.
    resolve.__signature__ = inspect.Signature(parameters, return_annotation=payload | None)  # type: ignore[attr-defined]
    resolve.__name__ = spec.name
    return strawberry.mutation(resolver=resolve, description=spec.doc,
                               permission_classes=[ActsForPeople])


Mutation = strawberry.type(type("Mutation", (), {
    spec.name: mutation(spec) for spec in commands().values()
}))
