"""What every Goodwill event carries, and the small checks every command shares: when it
happened (`at`), who recorded it, the idempotency key, and input hygiene."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import FutureEvent, InvalidInput
from domain.ids import event_id

# `at` may be back-dated freely (importing history) but only this far ahead of our clock.
MAX_CLOCK_SKEW = timedelta(minutes=5)
# …and never before this: history starts here, which keeps the decay arithmetic (powers of
# two of years over the half-life, around the scoring epoch 2000) within floats.
EARLIEST_AT = datetime(1900, 1, 1, tzinfo=UTC)

MAX_TEXT = 2000
MAX_NAME = 200
MAX_TAGS = 50
MAX_TAG = 60


class GoodwillEvent(Aggregate.Event):
    """Base of every event. `timestamp` (library) is when it was recorded; `at` is when it
    happened in the world."""

    at: datetime
    recorded_by: str
    idempotency_key: str | None

    @property
    def event_id(self) -> UUID:
        return event_id(self.originator_id, self.originator_version)


@dataclass(frozen=True)
class Stamp:
    """The common attributes of the events one command writes."""

    at: datetime
    recorded_by: str
    idempotency_key: str | None

    def kwargs(self) -> dict[str, Any]:
        return {"at": self.at, "recorded_by": self.recorded_by,
                "idempotency_key": self.idempotency_key}


def not_before(at: datetime, earlier: datetime | None, what: str, **details: Any) -> None:
    """InvalidInput unless `at` is no earlier than `earlier`: an answer (a confirmation, a
    decision, a thank-you) cannot have happened before what it answers."""
    if earlier is not None and at < earlier:
        from domain.errors import InvalidInput

        raise InvalidInput(f"{what} cannot be dated before {earlier.isoformat()}, when what "
                           "it answers happened.", **details)


def utc_now() -> datetime:
    return datetime.now(tz=UTC)


def resolve_at(at: datetime | None, now: datetime) -> datetime:
    """Default `at` to now; refuse naive datetimes, instants before EARLIEST_AT and the
    future beyond the clock skew."""
    if at is None:
        return now
    if not isinstance(at, datetime):
        raise InvalidInput(f"`at` must be a datetime, got {at!r}.")
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInput("`at` must carry a time zone (for example 2024-05-01T09:00:00Z).")
    at = at.astimezone(UTC)
    if at < EARLIEST_AT:
        raise InvalidInput(f"`at` ({at.isoformat()}) is before {EARLIEST_AT.date()}; Goodwill "
                           "records history from then on.", at=at.isoformat())
    if at > now + MAX_CLOCK_SKEW:
        raise FutureEvent(
            f"`at` ({at.isoformat()}) is in the future; events record what already happened.",
            at=at.isoformat(),
        )
    return at


# Characters that make text show something other than it holds (bidi embeddings, overrides
# and isolates: "Trojan Source"); stored text never needs them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS = frozenset("\n\r\t")  # allowed in free text, not in names


def _refused_character(value: str, *, line_breaks: bool) -> str | None:
    """The first character text may not hold, or None."""
    if value.isascii() and value.isprintable():  # space to "~": none of them (most text)
        return None
    for char in value:
        if char in LINE_BREAKS and line_breaks:
            continue
        if char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs"):
            return char
    return None


def text(value: Any, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    """Text as stored: trimmed, NFC-normalised (one spelling of "é"), within `limit`, free
    of control characters (NUL, terminal escapes), bidi overrides and lone surrogates.
    Names (limit at most MAX_NAME) are one line; longer free text may break lines."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text.")
    bad = _refused_character(value, line_breaks=limit > MAX_NAME)
    if bad is not None:
        code_point = f"U+{ord(bad):04X}"
        raise InvalidInput(f"{what} holds {code_point}, a control, bidi-override or surrogate "
                           "character; send plain text.", character=code_point)
    value = unicodedata.normalize("NFC", value.strip())
    if required and not value:
        raise InvalidInput(f"{what} must not be empty.")
    if len(value) > limit:
        raise InvalidInput(f"{what} is too long ({len(value)} characters, at most {limit}).")
    return value


def optional_text(value: Any, what: str, *, limit: int = MAX_TEXT) -> str | None:
    return None if value is None else text(value, what, limit=limit)


def tag_list(values: Iterable[str] | None) -> list[str]:
    """Tags trimmed, de-duplicated (first spelling wins, case-insensitively), order kept."""
    if values is None:
        return []
    if isinstance(values, str):
        raise InvalidInput("tags must be a list of words, not a single string.")
    seen: set[str] = set()
    tags: list[str] = []
    for value in values:
        tag = text(value, "a tag", required=True, limit=MAX_TAG)
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise InvalidInput(f"at most {MAX_TAGS} tags, got {len(tags)}.")
    return tags
