"""Fixtures for every integration test: a fresh PostgreSQL schema to hold an event store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from uuid import uuid4

import pytest

POSTGRES_URL_VAR = "GOODWILL_TEST_POSTGRES_URL"


@pytest.fixture
def postgres_store_url() -> Iterator[str]:
    """An event-store URL on a schema of its own (dropped afterwards), on the PostgreSQL of
    GOODWILL_TEST_POSTGRES_URL; skips when that is not set."""
    import psycopg

    base = os.environ.get(POSTGRES_URL_VAR)
    if not base:
        pytest.skip(f"{POSTGRES_URL_VAR} is not set (run `make test`, or start one with "
                    "`bash ops/postgres/pgctl.sh start` and export its `url`)")
    schema = f"t_{uuid4().hex[:16]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}{'&' if '?' in base else '?'}schema={schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
