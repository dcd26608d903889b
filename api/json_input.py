"""Request bodies (GraphQL requests, `/cypher`) parsed into JSON the rest of the API can
rely on: standard JSON only (no NaN / Infinity, no number that overflows a double), integers
within 64 bits (what Neo4j and the event store hold), nesting within MAX_DEPTH, and text
that is valid Unicode (no lone surrogate, which no store can encode). Anything else is
INVALID_INPUT before a resolver or a driver sees it."""

from __future__ import annotations

import json
import math
from typing import Any

from api.errors import ApiError

MAX_DEPTH = 32  # arrays and objects inside one another
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _refused(message: str) -> ApiError:
    return ApiError("INVALID_INPUT", message)


def _constant(name: str) -> Any:
    raise _refused(f"{name} is not a JSON number; send a finite number.")


def _float(literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):
        raise _refused(f"The number {literal[:40]} is too large for a double.")
    return number


def _int(literal: str) -> int:
    number = int(literal)  # Python refuses more than 4,300 digits (ValueError, below)
    if not INT64_MIN <= number <= INT64_MAX:
        raise _refused(f"The integer {literal[:40]}… does not fit in 64 bits.")
    return number


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check(value: Any) -> None:
    """Refuse nesting deeper than MAX_DEPTH and text with lone surrogates (walked without
    recursion, so no depth can overflow the stack)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _has_surrogate(item):
                raise _refused("Text must be valid Unicode: it holds a lone surrogate "
                               "(an unpaired \\ud800–\\udfff escape).")
        elif isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                raise _refused(f"JSON is nested more than {MAX_DEPTH} levels deep.")
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def loads(data: str | bytes) -> Any:
    """The JSON value of a request body, or ApiError INVALID_INPUT saying what is wrong."""
    try:
        value = json.loads(data, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except RecursionError:
        raise _refused(f"JSON is nested more than {MAX_DEPTH} levels deep.") from None
    except json.JSONDecodeError as error:
        raise _refused(f"The body is not JSON: {error.msg} (at character {error.pos}).") from None
    except UnicodeDecodeError:
        raise _refused("The body is not UTF-8 text.") from None
    except ValueError as error:  # an integer of more than 4,300 digits
        raise _refused(f"A number in the body cannot be read: {error}") from None
    check(value)
    return value
