"""A tie's instants come from Neo4j as [epoch seconds, nanosecond] (`fragments/tie_card`)
and `api.loaders.instant` makes them the datetimes the driver would have made of the
DATETIME itself: before and after 1970, with nanoseconds, and absent."""

from __future__ import annotations

import pytest
from neo4j import Driver

from api.loaders import instant
from graph.reads import native

pytestmark = pytest.mark.neo4j

TEXTS = ["2024-09-01T12:00:00Z", "2024-09-01T12:00:00.123456789Z", "1969-12-31T23:59:59.5Z",
         "1900-01-01T00:00:00.000000999Z", "2099-12-31T23:59:59.999999999Z",
         "2025-03-30T01:30:00.000001Z", None]


def test_instants_are_what_the_driver_makes_of_a_datetime(neo4j_driver: Driver) -> None:
    # the expression of fragments/tie_card
    rows = neo4j_driver.execute_query(
        """UNWIND $texts AS text WITH datetime(text) AS at
           RETURN at, [at IN [at] WHERE at IS NOT NULL
                       | [datetime.truncate('second', at).epochSeconds, at.nanosecond]][0]
                      AS parts""",
        texts=TEXTS).records
    assert len(rows) == len(TEXTS)
    for row in rows:
        assert instant(row["parts"]) == native(row["at"]), row
        if row["at"] is not None:
            assert instant(row["parts"]).isoformat() == native(row["at"]).isoformat()
