"""The key table's and the export index's SQL: one named file per statement and dialect,
the same names in both, and no SQL left in the recorders."""

from __future__ import annotations

import inspect
import re

import pytest

from domain.privacy import recorders
from domain.privacy import sql as statements


def test_both_dialects_name_the_same_statements() -> None:
    names = statements.names("postgresql")
    # PostgreSQL frees old row versions at VACUUM; SQLite zeroes freed pages when asked.
    assert statements.names("sqlite") == sorted([*names, "secure_delete"])
    assert {"create_key_table", "find_keys", "erase_key", "index_aggregate",
            "aggregates_of"} <= set(names)
    for dialect in statements.DIALECTS:
        for name in statements.names(dialect):
            text = statements.load(dialect, name)
            assert text and not text.startswith("--"), (dialect, name)
    # SQLite's tables are named in the files, PostgreSQL's are filled in (schema-qualified).
    assert recorders.KEY_TABLE in statements.load("sqlite", "find_keys")
    assert "{keys}" in statements.load("postgresql", "find_keys")
    assert "{index}" in statements.load("postgresql", "aggregates_of")


def test_an_unknown_statement_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="no sqlite statement named 'nope'"):
        statements.load("sqlite", "nope")


def test_the_recorders_hold_no_sql_text() -> None:
    source = inspect.getsource(recorders)
    assert not re.search(r"\b(SELECT|INSERT INTO|UPDATE \S+ SET|CREATE TABLE|PRAGMA)\b", source)
