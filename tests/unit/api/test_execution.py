"""The shortcut for plain leaves (`api.execution`) answers exactly what strawberry's own
execution answers, for every kind of value an attribute can hold: right, null where null
is allowed or not, of the wrong type, awaitable, or missing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import strawberry
from hypothesis import given, settings
from hypothesis import strategies as st

from api import execution


@strawberry.enum
class Kind(Enum):
    PERSONAL = "personal"
    STRATEGIC = "strategic"


@strawberry.type
class Card:
    id: strawberry.ID
    name: str
    note: str | None
    count: int
    kind: Kind | None
    at: datetime | None

    @strawberry.field
    def shout(self) -> str:  # a resolver: never the shortcut's
        return self.name.upper()


@strawberry.type
class Query:
    @strawberry.field
    def cards(self, info: strawberry.Info) -> list[Card | None]:
        return info.context["cards"]


QUERY = "{ cards { id name note count kind at shout } }"


async def _later(value: Any) -> Any:
    return value


class Awaitable:
    def __init__(self, value: Any) -> None:
        self.value = value

    def __await__(self) -> Any:
        return _later(self.value).__await__()


plain = strawberry.Schema(query=Query)
fast = strawberry.Schema(query=Query)
execution.install(fast)

values = st.one_of(
    st.none(), st.text(max_size=5), st.integers(-2**40, 2**40), st.booleans(),
    st.floats(allow_nan=False), st.sampled_from(list(Kind)),
    st.datetimes(timezones=st.just(UTC)), st.just(object()))
cards = st.lists(st.one_of(st.none(), st.fixed_dictionaries({
    name: st.one_of(values, values.map(Awaitable))
    for name in ("id", "name", "note", "count", "kind", "at")})), max_size=4)


def _card(fields: dict[str, Any] | None) -> Card | None:
    if fields is None:
        return None
    card = object.__new__(Card)
    vars(card).update(fields)
    return card


def answer(schema: strawberry.Schema, given_cards: list[Card | None]) -> Any:
    result = asyncio.run(schema.execute(QUERY, context_value={"cards": given_cards}))
    errors = sorted((e.message, tuple(e.path or ())) for e in result.errors or [])
    return result.data, errors


def test_the_shortcut_knows_the_plain_leaves_and_nothing_else() -> None:
    leaves = fast.execution_context_class.leaves  # type: ignore[attr-defined]
    assert set(leaves) == {"Card"}
    assert set(leaves["Card"]) == {"id", "name", "note", "count", "kind", "at"}
    assert leaves["Card"]["note"][2] is True and leaves["Card"]["name"][2] is False


@settings(max_examples=300, deadline=None)
@given(cards)
def test_plain_leaves_answer_as_strawberry_answers_them(fields: list[Any]) -> None:
    given_cards = [_card(f) for f in fields]
    assert answer(fast, given_cards) == answer(plain, given_cards)


def test_a_missing_attribute_is_the_same_error() -> None:
    card = object.__new__(Card)
    vars(card).update(id="1", name="Ada", note=None, count=1, kind=None)  # no `at`
    assert answer(fast, [card]) == answer(plain, [card])
    assert answer(fast, [card])[1]  # an error, located at the field
