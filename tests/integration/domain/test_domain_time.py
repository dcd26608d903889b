from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import FutureEvent, InvalidInput

ADMIN = Actor.admin()


def test_back_dated_events_keep_their_time_in_utc(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    long_ago = datetime(2011, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    met = app.record_meeting(ADMIN, a=ada, b=bob, at=long_ago)
    event = app.history(met.aggregate_id)[-1]
    assert event.at == long_ago
    assert event.at.utcoffset() == timedelta(0)
    assert event.at.hour == 7
    assert event.timestamp > long_ago  # recorded now, happened then


def test_default_at_is_now(app: Goodwill, person) -> None:
    ada = person()
    event = app.history(ada)[0]
    assert abs(event.at - datetime.now(UTC)) < timedelta(minutes=1)
    assert event.at.tzinfo is not None


def test_small_clock_skew_is_tolerated_the_future_is_not(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    app.record_meeting(ADMIN, a=ada, b=bob, at=datetime.now(UTC) + timedelta(minutes=4))
    with pytest.raises(FutureEvent) as error:
        app.record_meeting(ADMIN, a=ada, b=bob, at=datetime.now(UTC) + timedelta(minutes=6))
    assert error.value.code == "FUTURE_EVENT"
    assert app.get_relationship(ada, bob).meetings == 1


def test_naive_datetimes_are_refused(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    with pytest.raises(InvalidInput):
        app.record_meeting(ADMIN, a=ada, b=bob, at=datetime(2020, 1, 1))
    with pytest.raises(InvalidInput):
        app.record_meeting(ADMIN, a=ada, b=bob, at="2020-01-01")  # type: ignore[arg-type]
    assert app.find_relationship(ada, bob) is None


def test_history_starts_in_1900_nothing_earlier_is_recorded(app: Goodwill, person) -> None:
    ada, bob = person(), person()
    app.record_meeting(ADMIN, a=ada, b=bob, at=datetime(1900, 1, 1, tzinfo=UTC))
    for too_early in (datetime(1899, 12, 31, 23, 59, tzinfo=UTC), datetime(1, 1, 1, tzinfo=UTC)):
        with pytest.raises(InvalidInput, match="before 1900-01-01") as error:
            app.record_meeting(ADMIN, a=ada, b=bob, at=too_early)
        assert error.value.code == "INVALID_INPUT"
    assert app.get_relationship(ada, bob).meetings == 1
