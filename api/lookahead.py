"""Looking ahead at a field's selection, so a resolver can fetch in one statement what its
children will ask for (`person(id) { … ties { … } }`: the person with their first page of
ties, `cypher/queries/person_with_tie_page`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from api.errors import ApiError
from api.pagination import Window, window

Selection = SelectedField | FragmentSpread | InlineFragment


def _fields(selections: list[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection set, through its fragments."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:
            yield from _fields(selection.selections)


def _int(value: Any) -> int | None:
    # strawberry gives a literal as its text ("20") and a variable coerced (20)
    return None if value is None else int(value)


def tie_window(info: Any) -> Window | None:
    """The page of `ties` (without `asOf`) the person field's selection asks for, or None
    when it asks for none or its arguments are refused (then `Person.ties` answers the error
    at its own path, as without the look-ahead)."""
    limits = info.context.services.settings.limits
    for person in info.selected_fields:
        for field in _fields(person.selections):
            if field.name != "ties" or field.arguments.get("asOf") is not None:
                continue
            try:
                return window(_int(field.arguments.get("first")), field.arguments.get("after"),
                              limits.page_size, limits.max_page_size)
            except (ApiError, TypeError, ValueError):
                return None
    return None
