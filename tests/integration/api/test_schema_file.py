"""`schema.graphql` is the published contract: it must be what the code builds, and its
mutations must be the declared commands, field for field."""

from __future__ import annotations

from pathlib import Path

from graphql import GraphQLNonNull, GraphQLObjectType
from strawberry.utils.str_converters import to_camel_case

from api.schema import AREAS, build_schema, sdl
from domain.declarations import commands

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "schema.graphql"

# The mutation of each declared command (`domain.declarations`).
COMMANDS = [to_camel_case(name) for name in commands()]


def test_schema_file_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), (
        "schema.graphql drifted from the code: run `goodwill schema --write` and commit it"
    )


def test_every_mutation_takes_exactly_its_commands_fields() -> None:
    mutations = build_schema()._schema.mutation_type.fields
    assert set(mutations) - set(COMMANDS) == {"rebuildGraph", "importFile"}  # not commands
    for name, spec in commands().items():
        args = mutations[to_camel_case(name)].args
        assert list(args) == [to_camel_case(f.name) for f in spec.fields] + [
            "at", "idempotencyKey"], name
        for field in spec.fields:
            arg = args[to_camel_case(field.name)]
            assert isinstance(arg.type, GraphQLNonNull) == (not field.optional), (name, field)
            assert (arg.description or "") == field.doc, (name, field.name)
            if field.ref is not None:
                assert "ID" in str(arg.type), (name, field.name)
            if field.choice is not None:
                assert {v.value for v in arg.type.of_type.values.values()} == set(
                    field.words), (name, field.name)


# Lists bounded by nature (a person's tags, the two people of a tie, a page's items).
BOUNDED_LISTS = {"Person.tags", "Relationship.people", "Introduction.introduced",
                 "Introduction.confirmedBy",  # at most the two introduced
                 # scoring: a path has at most 4 hops, a portfolio 4 kinds and `top` ties
                 "WarmPath.pathIds", "WarmPath.people", "WarmPath.hops", "Portfolio.mix",
                 "Portfolio.strongestStrategic", "PendingIntroduction.path",
                 # at most domain.identifiers.MAX_IDENTIFIERS of each kind
                 "Identifiers.emails", "Identifiers.phones", "Identifiers.linkedin",
                 # an import's report: at most api.schema.imports.LISTED rows of each kind
                 "ImportReport.skipped", "ImportReport.leftOut", "ImportReport.matched",
                 "ImportReport.ambiguous", "ImportAmbiguity.candidates"}


def test_every_list_paginated() -> None:
    schema = build_schema()._schema
    for type_ in schema.type_map.values():
        if type_.name.startswith("__") or not isinstance(type_, GraphQLObjectType):
            continue
        for name, field in type_.fields.items():
            returns = str(field.type)
            if returns.endswith("Page!"):
                assert {"first", "after"} <= set(field.args), f"{type_.name}.{name}"
            elif returns.startswith("[") and not type_.name.endswith("Page"):
                assert f"{type_.name}.{name}" in BOUNDED_LISTS, f"unpaginated {type_.name}.{name}"
    assert len(AREAS) == len(set(AREAS))
