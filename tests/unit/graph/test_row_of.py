"""`row_of` reads a record in one pass and answers exactly `native(record.data())`, the
conversion it replaces, for any mix of the values statements return (and for the ones it
leaves to the driver's exporter: nodes, points, durations)."""

from __future__ import annotations

from datetime import UTC

from hypothesis import given
from hypothesis import strategies as st
from neo4j import Record
from neo4j.spatial import CartesianPoint
from neo4j.time import Date, DateTime, Duration

from graph.reads import native, row_of

datetimes = st.datetimes(timezones=st.just(UTC)).map(DateTime.from_native)
dates = st.dates().map(Date.from_native)
scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
           | st.text(max_size=5) | datetimes | dates)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=3), inner, max_size=4), max_leaves=20)
odd = st.sampled_from([Duration(days=3), CartesianPoint((1.0, 2.0))])


@given(st.dictionaries(st.text(min_size=1, max_size=4), values, max_size=5))
def test_row_of_is_native_of_data(fields: dict) -> None:
    record = Record(fields.items())
    assert row_of(record) == native(record.data())


@given(st.dictionaries(st.text(min_size=1, max_size=4), values, max_size=3), odd)
def test_values_it_does_not_know_go_through_the_driver(fields: dict, other: object) -> None:
    record = Record([*fields.items(), ("value", [{"x": other}])])  # keys are 4 long at most
    assert row_of(record) == native(record.data())
