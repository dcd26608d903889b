"""The served schema loads in the client libraries people use: graphql-core 3.2 (3.2.4, the
newest that gql 3.5 accepts) and 3.3, and graphql-js 16. Each asks the running app its own
introspection query over HTTP and builds a client schema from the answer, which must hold
every type and field of the served schema. `make test` installs graphql-core 3.2.4 into
var/clients/graphql-core-3.2 and graphql-js from tests/clients/graphql-js's lockfile
(`make clients`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gqlclient import Api
from graphql import GraphQLInputObjectType, GraphQLObjectType, build_schema

from api.schema import build_schema as served_schema

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[3]
CLIENTS = ROOT / "tests/clients"
GRAPHQL_CORE_32 = ROOT / "var/clients/graphql-core-3.2"
GRAPHQL_JS = CLIENTS / "graphql-js"


def python_client(path: Path | None) -> tuple[list[str], dict[str, str]]:
    environment = {**os.environ}
    environment.pop("PYTHONPATH", None)
    if path is not None:
        environment["PYTHONPATH"] = str(path)  # ahead of the venv's graphql-core 3.3
    return [sys.executable, str(CLIENTS / "build_client_schema.py")], environment


CASES = {
    "graphql-core 3.2": (*python_client(GRAPHQL_CORE_32), "3.2.4", GRAPHQL_CORE_32),
    "graphql-core 3.3": (*python_client(None), "3.3.", None),
    "graphql-js 16": (["node", str(GRAPHQL_JS / "build_client_schema.mjs")], dict(os.environ),
                      "16.", GRAPHQL_JS / "node_modules/graphql"),
}


def run(command: list[str], environment: dict[str, str], *arguments: str,
        given: str | None = None) -> str:
    done = subprocess.run([*command, *arguments], input=given, capture_output=True, text=True,
                          env=environment, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def shape(sdl: str) -> dict[str, set[str]]:
    """Every named type with its fields (input fields too), read with this venv's library."""
    schema = build_schema(sdl)
    return {name: set(kind.fields) if isinstance(kind, GraphQLObjectType | GraphQLInputObjectType)
            else set() for name, kind in schema.type_map.items() if not name.startswith("__")}


@pytest.mark.parametrize("client", list(CASES))
def test_the_schema_loads_in_each_client(api: Api, client: str) -> None:
    command, environment, version, installed = CASES[client]
    if installed is not None:
        assert installed.exists(), f"{installed} is missing: run `make clients`"
    asked = json.loads(run(command, environment, "--query"))
    assert asked["version"].startswith(version), asked["version"]
    response = api.client.post("/graphql", json={"query": asked["query"]})
    assert response.status_code == 200
    introspection = response.json()
    assert not introspection.get("errors"), introspection["errors"]
    built = run(command, environment, given=json.dumps(introspection))
    assert shape(built) == shape(served_schema().as_str())
    assert "recordMeeting(" in built and "type Query" in built


def test_deprecated_lists_only_locations_every_client_knows(api: Api) -> None:
    """graphql-core 3.3 adds DIRECTIVE_DEFINITION, which 3.2 refused to build a schema with."""
    answer = api.ok('{ __schema { directives { name locations } } }')
    locations = {d["name"]: d["locations"] for d in answer["__schema"]["directives"]}
    assert locations["deprecated"] == ["FIELD_DEFINITION", "ARGUMENT_DEFINITION",
                                       "INPUT_FIELD_DEFINITION", "ENUM_VALUE"]
