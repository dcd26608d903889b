"""The worked example of docs/scoring.md, computed: the numbers printed there are these."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scoring.ledger import (
    EpochTie,
    TieEvent,
    tie_giving,
    tie_mass,
    tie_reciprocity,
    tie_strength,
)
from scoring.strength import hop_warmth


def day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


EVENTS = [
    TieEvent("met", "met", day("2024-03-01"), "ana", "ben"),
    TieEvent("h1", "helped", day("2024-03-15"), "ana", "ben", confirmed=False),
    TieEvent("t1", "thanked", day("2024-04-01"), "ben", "ana", confirms="h1"),
    TieEvent("h2", "helped", day("2024-06-01"), "ben", "ana", confirmed=False),
    TieEvent("h3", "helped", day("2024-07-01"), "ana", "ben"),
]
AT = day("2024-09-01")


def test_worked_example_numbers() -> None:
    assert tie_mass(EVENTS, AT) == pytest.approx(6.0214, abs=5e-5)
    assert tie_strength(EVENTS, AT) == pytest.approx(0.7001, abs=5e-5)
    assert tie_giving(EVENTS, "ana", AT) == pytest.approx(3.9217, abs=5e-5)
    assert tie_giving(EVENTS, "ben", AT) == pytest.approx(1.0525, abs=5e-5)
    assert tie_reciprocity(EVENTS, "ana", "ben", AT) == pytest.approx(0.7927, abs=5e-5)
    warmth = hop_warmth(tie_strength(EVENTS, AT), tie_reciprocity(EVENTS, "ana", "ben", AT))
    assert warmth == pytest.approx(0.5550, abs=5e-5)
    # two hops: Ana → Ben (0.5550) → Cleo (strength 0.4, reciprocity 1)
    assert warmth * hop_warmth(0.4, 1.0) == pytest.approx(0.2220, abs=5e-5)


def test_worked_example_terms() -> None:
    # each event's decayed weight on 2024-09-01 (h = 180 days)
    singles = {e.id: tie_mass([e] + ([EVENTS[1]] if e.id == "t1" else []), AT) for e in EVENTS}
    assert singles["met"] == pytest.approx(0.4924, abs=5e-5)  # 1 · 2^(−184/180)
    assert singles["h2"] == pytest.approx(1.0525, abs=5e-5)  # 1.5 · 2^(−92/180)
    assert singles["h3"] == pytest.approx(2.3628, abs=5e-5)  # 3 · 2^(−62/180)


def test_the_stored_epoch_mass_gives_the_same_strength() -> None:
    fold = EpochTie()
    for event in reversed(EVENTS):  # arrival order does not matter
        fold.apply(event)
    assert fold.strength(AT) == pytest.approx(0.7001, abs=5e-5)
