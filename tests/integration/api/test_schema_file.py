"""`schema.graphql` is the published contract: it must be what the code builds."""

from __future__ import annotations

from pathlib import Path

from graphql import GraphQLObjectType

from api.schema import AREAS, build_schema, sdl

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "schema.graphql"

COMMANDS = ["registerPerson", "updateProfile", "setBrokeringPreference", "forgetPerson",
            "connect", "recordMeeting", "recordHelp", "confirmEvent", "thank", "classify",
            "requestIntroduction", "acceptIntroduction", "declineIntroduction",
            "makeIntroduction", "giveReferral", "acceptReferral", "declineReferral",
            "closeReferral", "loseReferral", "formGroup", "joinGroup", "leaveGroup",
            "rotateLeadership", "bringClient", "serveClient"]


def test_schema_file_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), (
        "schema.graphql drifted from the code: run `goodwill schema --write` and commit it"
    )


# Lists bounded by nature (a person's tags, the two people of a tie, a page's items).
BOUNDED_LISTS = {"Person.tags", "Relationship.people", "Introduction.introduced",
                 # scoring: a path has at most 4 hops, a portfolio 4 kinds and `top` ties
                 "WarmPath.pathIds", "WarmPath.people", "WarmPath.hops", "Portfolio.mix",
                 "Portfolio.strongestStrategic", "PendingIntroduction.path"}


def test_one_mutation_per_command_and_every_list_paginated() -> None:
    schema = build_schema()._schema
    assert set(COMMANDS) <= set(schema.mutation_type.fields)
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
