"""Decay arithmetic is safe for every instant the domain accepts: events from 1900-01-01 to
now (plus the clock skew), asked about at any instant from 1900-01-01 on — no overflow, and
strengths stay in [0, 1). (Before the floor, an event of the year 1 overflowed the fading
ties' peak arithmetic.)"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from hypothesis import assume, given
from hypothesis import strategies as st

from domain.base import EARLIEST_AT, MAX_CLOCK_SKEW
from scoring.strength import decay, decayed_mass, epoch_mass, strength, strength_from_mass

NOW = datetime.now(UTC)
events_at = st.datetimes(min_value=EARLIEST_AT.replace(tzinfo=None),
                         max_value=(NOW + MAX_CLOCK_SKEW).replace(tzinfo=None),
                         timezones=st.just(UTC))
asked_at = st.datetimes(min_value=EARLIEST_AT.replace(tzinfo=None),
                        max_value=datetime(9999, 12, 31), timezones=st.just(UTC))
weights = st.floats(min_value=0.0, max_value=5.0)


@given(st.lists(st.tuples(weights, events_at), min_size=1, max_size=50), asked_at)
def test_strength_at_any_instant_from_any_accepted_events(
        deposits: list[tuple[float, datetime]], at: datetime) -> None:
    m = math.fsum(epoch_mass(w, when) for w, when in deposits)
    assert math.isfinite(m)
    value = strength(m, at)
    assert 0.0 <= value < 1.0 or value == 1.0  # saturates to 1.0 in floats, never beyond
    assert math.isfinite(decayed_mass(m, at))


@given(weights, events_at, asked_at)
def test_one_deposit_decays_the_same_both_ways(weight: float, when: datetime,
                                                at: datetime) -> None:
    """The epoch form (what the graph stores) and the direct form agree once the deposit
    has happened."""
    assume(at >= when)
    direct = decay(weight, when, at)
    via_epoch = decayed_mass(epoch_mass(weight, when), at)
    assert math.isfinite(direct) and math.isfinite(via_epoch)
    # far below any mass that moves a strength, the epoch form loses digits to underflow
    # (2^(-t/h) near the smallest floats): agree there to an absolute 1e-200
    assert math.isclose(direct, via_epoch, rel_tol=1e-9, abs_tol=1e-200)
    assert 0.0 <= strength_from_mass(direct) <= 1.0

