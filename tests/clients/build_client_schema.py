"""Run by the graphql-core a client has (`PYTHONPATH` names its folder): prints the
introspection query of that version with --query, else reads an introspection result on
stdin, builds the client schema and prints it as SDL."""

import json
import sys

import graphql
from graphql import build_client_schema, get_introspection_query, print_schema

if "--query" in sys.argv:
    json.dump({"version": graphql.__version__, "query": get_introspection_query()}, sys.stdout)
else:
    result = json.load(sys.stdin)
    print(print_schema(build_client_schema(result.get("data", result))))
