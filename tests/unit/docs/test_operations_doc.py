"""docs/operations.md stays true: every error code the code can give a client is listed
there, and every limit of `api.settings.Limits` with its default."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from api.errors import ReadModelBehind
from api.services import behind_because
from api.settings import Limits
from domain import errors
from domain.imports import ImportLineError
from graph.errors import GraphUnavailable
from graph.rebuilding import GraphRebuilding

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
RAISED = re.compile(r'(?:ApiError|AuthError|CypherError|_problem)\(\s*"([A-Z_]+)"')


def codes_in_code() -> set[str]:
    found = {cls.code for cls in errors.ALL_ERRORS}
    found |= {GraphUnavailable.code, GraphRebuilding.code, ImportLineError.code}
    for path in (ROOT / "api").rglob("*.py"):
        found |= set(RAISED.findall(path.read_text(encoding="utf-8")))
    found |= {behind_because(TimeoutError()), behind_because(GraphUnavailable()),
              behind_because(RuntimeError())}
    return found | {"INTERNAL", "INVALID_QUERY", "PAYLOAD_TOO_LARGE"}


def test_every_error_code_is_listed() -> None:
    listed = set(re.findall(r"^\| `([A-Z_]+)` \|", DOC, re.MULTILINE))
    assert codes_in_code() - listed == set()
    assert ReadModelBehind.__name__  # the extension the doc describes exists


def test_every_limit_is_listed_with_its_default() -> None:
    for field in dataclasses.fields(Limits):
        row = re.search(rf"^\| `{field.name}` \| ([^|]+) \|", DOC, re.MULTILINE)
        assert row is not None, field.name
        assert str(field.default) in row.group(1), (field.name, row.group(1))
