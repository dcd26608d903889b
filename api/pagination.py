"""`first`/`after` on every list: opaque offset cursors, page sizes bounded by Limits."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import strawberry

from api.errors import ApiError

T = TypeVar("T")
# No list here comes near it; past it `skip + limit` would overflow Neo4j's 64-bit integers.
MAX_OFFSET = 2**31 - 1


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Page(Generic[T]):
    items: list[T]
    page_info: PageInfo


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        kind, _, number = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        offset = int(number)
    except (ValueError, UnicodeDecodeError):
        offset, kind = -1, ""
    if kind != "o" or not 0 <= offset <= MAX_OFFSET:
        raise ApiError("INVALID_CURSOR", "The `after` cursor is not one this API returned.")
    return offset


@dataclass(frozen=True)
class Window:
    """The slice one page asks for; `limit` fetches one extra row to know if more exist."""

    skip: int
    first: int

    @property
    def limit(self) -> int:
        return self.first + 1

    def page(self, rows: Sequence[T]) -> Page[T]:
        items = list(rows[: self.first])
        end = encode_cursor(self.skip + len(items)) if items else None
        return Page(items=items, page_info=PageInfo(has_next_page=len(rows) > self.first,
                                                    end_cursor=end))

    def slice(self, rows: Sequence[T]) -> Page[T]:
        """Page over a list already in memory (children loaded in one batch)."""
        return self.page(rows[self.skip : self.skip + self.limit])


def window(first: int | None, after: str | None, default: int, maximum: int) -> Window:
    size = default if first is None else first
    if not 0 <= size <= maximum:
        raise ApiError("INVALID_INPUT", f"`first` must be between 0 and {maximum}.")
    return Window(skip=decode_cursor(after), first=size)
