"""Analysts' Cypher: any reading statement, run in a READ transaction with a timeout, a row
cap and a byte cap, through the graph's one read helper (`graph.reads`).

What a statement does is decided by what Neo4j itself parses, not by its text: it is first
EXPLAINed, and it runs only when Neo4j plans it as a read (`query_type` "r") whose plan
holds no administration or transaction command (SHOW …, TERMINATE …) and calls only the
read-only procedures of `PROCEDURES` and no function that runs Cypher of its own. Neo4j
also refuses writes in a READ transaction; either refusal comes back as WRITE_NOT_ALLOWED.
Used by `POST /cypher` (in its own pool, `api.analyst_pool`) and `goodwill cypher`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from neo4j import Driver
from neo4j.exceptions import ClientError, CypherSyntaxError, Neo4jError
from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime, Duration, Time

import cypher
from graph.errors import GraphUnavailable
from graph.reads import SyncGraphReads

PARAM_LINE = re.compile(r"^//\s*@param\s+(\w+)\s+(.+?)\s*$")
# Plan operators of commands that are an administrator's job, even in a READ transaction:
# ending other sessions' transactions (the projector's, say), users, settings, other
# callers' statements.
ADMIN_OPERATORS = ("AdministrationCommand", "Terminate", "Show")
# The procedures a statement may call: read-only views of the graph.
PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
    "db.index.fulltext.querynodes", "db.index.fulltext.queryrelationships",
    "apoc.path.expand", "apoc.path.expandconfig", "apoc.path.subgraphnodes",
    "apoc.path.subgraphall", "apoc.path.spanningtree", "apoc.meta.stats",
})
# Functions that run a statement of their own, out of the plan's sight.
CYPHER_RUNNING = ("apoc.cypher.", "apoc.periodic.", "apoc.do.", "apoc.when", "apoc.case",
                  "apoc.trigger.", "apoc.systemdb.")
PROCEDURE_NAME = re.compile(r"^\s*([\w.`]+)\s*\(")
# What Neo4j says when its configuration (ops/neo4j/neo4j.conf.template) keeps a statement
# from the server's files or the network.
# Records the driver takes per round trip: a few large rows must not all arrive before
# the byte cap is checked.
FETCH_SIZE = 100
EXTERNAL_ACCESS_REFUSALS = ("allow_csv_import_from_file_urls", "cypher_ip_blocklist",
                            "Import from files not enabled")


class CypherError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class CypherResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"columns": self.columns, "rows": self.rows, "truncated": self.truncated}


def plain(value: Any) -> Any:
    """A Neo4j value as JSON-ready Python."""
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": plain(dict(value))}
    if isinstance(value, Relationship):
        return {"type": value.type, "properties": plain(dict(value))}
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, DateTime | Date | Time):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _error(error: Neo4jError) -> CypherError:
    code = error.code or ""
    message = error.message or str(error)
    if isinstance(error, CypherSyntaxError) or code.endswith("Statement.SyntaxError"):
        return CypherError("CYPHER_SYNTAX", f"Cypher syntax error: {message}")
    if "AccessMode" in code or "WriteOnReadOnlyAccessDbException" in code:
        return CypherError("WRITE_NOT_ALLOWED", "Analyst Cypher runs in a READ transaction: "
                           f"Neo4j refused to write ({message}).")
    if any(refusal in message for refusal in EXTERNAL_ACCESS_REFUSALS):
        return CypherError("EXTERNAL_ACCESS_NOT_ALLOWED", "Analyst Cypher reads the graph; "
                           f"Neo4j refused to read files or the network ({message}).")
    if "TransactionTimedOut" in code or "Transaction.Terminated" in code:
        return CypherError("CYPHER_TIMEOUT", f"The statement ran past its time limit: {message}")
    if code.endswith("ParameterMissing"):
        return CypherError("CYPHER_PARAMETER", message)
    if isinstance(error, ClientError):
        return CypherError("CYPHER_ERROR", message)
    return CypherError("CYPHER_ERROR", f"Neo4j could not run the statement: {message}")


def _operators(plan: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(operator, details) of every operator of an EXPLAIN plan."""
    yield (str(plan.get("operatorType", "")).split("@")[0],
           str((plan.get("args") or {}).get("Details", "")))
    for child in plan.get("children") or []:
        yield from _operators(child)


def refusal(query_type: str | None, plan: dict[str, Any] | None) -> CypherError | None:
    """Why Neo4j's own reading of a statement (EXPLAIN) keeps it from analysts, if it does."""
    for operator, details in _operators(plan or {}):
        if operator.startswith(ADMIN_OPERATORS):
            return CypherError("ADMIN_NOT_ALLOWED", "Analyst Cypher reads the graph; "
                               f"{operator} is for administrators (cypher-shell as neo4j).")
        if operator == "ProcedureCall":
            match = PROCEDURE_NAME.match(details)
            name = match.group(1).replace("`", "") if match else details
            if name.lower() not in PROCEDURES:
                return CypherError("PROCEDURE_NOT_ALLOWED", f"Analyst Cypher may call only "
                                   f"the read-only procedures {', '.join(sorted(PROCEDURES))}"
                                   f"; not {name}.")
        if any(name in details.lower() for name in CYPHER_RUNNING):
            return CypherError("PROCEDURE_NOT_ALLOWED", "Analyst Cypher may not run "
                               f"statements of its own through a function ({details}).")
    if query_type == "s":
        return CypherError("ADMIN_NOT_ALLOWED", "Analyst Cypher reads the graph; schema and "
                           "server commands are for administrators.")
    if query_type not in (None, "r"):
        return CypherError("WRITE_NOT_ALLOWED", "Analyst Cypher runs in a READ transaction: "
                           "Neo4j plans this statement as a write.")
    return None


def _explained(reads: SyncGraphReads, statement: str,
               parameters: dict[str, Any] | None) -> None:
    with reads.result("analyst_explain", f"EXPLAIN {statement}", parameters) as result:
        summary = result.consume()
    refused = refusal(summary.query_type, summary.plan)
    if refused is not None:
        raise refused


def run_read(
    driver: Driver,
    statement: str,
    parameters: dict[str, Any] | None = None,
    *,
    timeout_s: float,
    max_rows: int,
    max_bytes: int = 8 * 1024 * 1024,
    database: str = "neo4j",
) -> CypherResult:
    """Rows of one analyst statement, after Neo4j's plan of it was found to be a read; at
    most `max_rows` (then `truncated`), and CYPHER_RESPONSE_TOO_LARGE past `max_bytes` of
    JSON. An auto-commit transaction: never retried."""
    if not statement.strip():
        raise CypherError("CYPHER_SYNTAX", "The statement is empty.")
    reads = SyncGraphReads(driver, database, timeout_s)
    try:
        _explained(reads, statement, parameters)
        with reads.result("analyst", statement, parameters,
                          fetch_size=min(max_rows + 1, FETCH_SIZE)) as result:
            rows: list[list[Any]] = []
            size = 0
            truncated = False
            for record in result:
                if len(rows) >= max_rows:
                    truncated = True
                    break
                row = [plain(value) for value in record.values()]
                size += len(json.dumps(row, default=str))
                if size > max_bytes:
                    raise CypherError("CYPHER_RESPONSE_TOO_LARGE", f"The rows come to more "
                                      f"than {max_bytes} bytes of JSON (after {len(rows)} "
                                      "rows); return fewer or smaller values, or page with "
                                      "SKIP/LIMIT.")
                rows.append(row)
            return CypherResult(list(result.keys()), rows, truncated)
    except GraphUnavailable as error:
        raise CypherError("GRAPH_UNAVAILABLE",
                          f"Neo4j is unavailable: {error.__cause__ or error}") from None
    except Neo4jError as error:
        raise _error(error) from None


def named(name: str) -> str:
    """The text of a ready-made analyst query (`cypher/analyst/<name>.cypher`)."""
    if name not in cypher.names("analyst"):
        raise CypherError("UNKNOWN_QUERY", f"No analyst query named {name!r}; "
                          f"try one of: {', '.join(cypher.names('analyst'))}.")
    return cypher.load(f"analyst/{name}")


def describe(name: str) -> str:
    """The first comment line of a ready-made query: what it answers."""
    for line in named(name).splitlines():
        text = line.strip().removeprefix("//").strip()
        if line.strip().startswith("//") and not text.startswith("@param"):
            return text
    return ""


def default_parameters(statement: str, now: datetime | None = None) -> dict[str, Any]:
    """`// @param name <json>` lines give a statement's defaults; `$now` is always given."""
    parameters: dict[str, Any] = {"now": now or datetime.now(tz=UTC)}
    for line in statement.splitlines():
        match = PARAM_LINE.match(line.strip())
        if match:
            parameters[match.group(1)] = json.loads(match.group(2))
    return parameters
