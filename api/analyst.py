"""Analysts' Cypher: any statement, run in a READ transaction with a timeout and a row cap,
through the graph's one read helper (`graph.reads`).

Neo4j itself refuses writes in a READ transaction; that refusal comes back as
WRITE_NOT_ALLOWED. Used by `POST /cypher` and `goodwill cypher`.
"""

from __future__ import annotations

import json
import re
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
# A READ transaction still lets a statement end other sessions' transactions (the
# projector's, say); that is an administrator's job.
TERMINATE = re.compile(r"\bTERMINATE\s+TRANSACTIONS?\b", re.IGNORECASE)
# What Neo4j says when its configuration (ops/neo4j/neo4j.conf.template) keeps a statement
# from the server's files or the network.
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


def run_read(
    driver: Driver,
    statement: str,
    parameters: dict[str, Any] | None = None,
    *,
    timeout_s: float,
    max_rows: int,
    database: str = "neo4j",
) -> CypherResult:
    if not statement.strip():
        raise CypherError("CYPHER_SYNTAX", "The statement is empty.")
    if TERMINATE.search(statement):
        raise CypherError("ADMIN_NOT_ALLOWED", "Analyst Cypher reads the graph; ending other "
                          "transactions is for administrators (cypher-shell as neo4j).")
    reads = SyncGraphReads(driver, database, timeout_s)
    try:
        with reads.result("analyst", statement, parameters,
                          fetch_size=min(max_rows + 1, 1000)) as result:
            rows: list[list[Any]] = []
            truncated = False
            for record in result:
                if len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append([plain(value) for value in record.values()])
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
