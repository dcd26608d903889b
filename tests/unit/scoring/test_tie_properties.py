"""Properties of tie strength over the pure ledger of one tie (scoring.ledger)."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.ledger import (
    EpochTie,
    TieEvent,
    UnconfirmableThanks,
    tie_mass,
    tie_reciprocity,
    tie_strength,
)
from scoring.strength import DEFAULT, ScoringSettings, reciprocity

A, B = "a", "b"
START = datetime(2023, 1, 1, tzinfo=UTC)
NOW = datetime(2025, 1, 1, tzinfo=UTC)
KINDS = ["met", "helped", "introduced", "referred", "referral_closed", "imported"]


@st.composite
def ledgers(draw: st.DrawFn, max_size: int = 12) -> list[TieEvent]:
    """A valid ledger of the pair: every thank-you names a help the thanked person gave."""
    events: list[TieEvent] = []
    for index in range(draw(st.integers(0, max_size))):
        at = START + timedelta(days=draw(st.integers(0, 730)), seconds=draw(st.integers(0, 86399)))
        giver, receiver = draw(st.sampled_from([(A, B), (B, A)]))
        helps = [e for e in events if e.kind == "helped"]
        choice = draw(st.sampled_from(["event", "thanks", "confirm"] if helps else ["event"]))
        if choice == "event":
            events.append(TieEvent(f"e{index}", draw(st.sampled_from(KINDS)), at, giver,
                                   receiver, confirmed=draw(st.booleans())))
        else:
            help_ = draw(st.sampled_from(helps))
            kind = "thanked" if choice == "thanks" else "confirmed"
            events.append(TieEvent(f"e{index}", kind, max(at, help_.at), help_.receiver,
                                   help_.giver, confirms=help_.id))
    return events


def mirrored(events: list[TieEvent]) -> list[TieEvent]:
    swap = {A: B, B: A, None: None}
    return [TieEvent(e.id, e.kind, e.at, swap[e.giver], swap[e.receiver], e.confirmed,
                     e.confirms, swap[e.by]) for e in events]


@given(ledgers(), st.sampled_from(KINDS), st.booleans(), st.integers(0, 730))
def test_more_interaction_never_weakens_a_tie(events, kind, confirmed, day) -> None:
    extra = TieEvent("extra", kind, START + timedelta(days=day), A, B, confirmed)
    assert tie_strength([*events, extra], NOW) >= tie_strength(events, NOW)


@given(ledgers())
def test_confirming_a_claim_never_weakens_a_tie(events) -> None:
    claims = [e for e in events if e.kind == "helped" and not e.confirmed]
    for claim in claims:
        thanks = TieEvent("t", "thanked", claim.at, claim.receiver, claim.giver,
                          confirms=claim.id)
        assert tie_strength([*events, thanks], NOW) > tie_strength(events, NOW)


@given(ledgers(), st.integers(0, 3650), st.integers(0, 3650))
def test_time_without_interaction_never_strengthens(events, d1, d2) -> None:
    early, late = NOW + timedelta(days=min(d1, d2)), NOW + timedelta(days=max(d1, d2))
    assert tie_strength(events, late) <= tie_strength(events, early)


@given(ledgers())
def test_symmetric_in_the_pair(events) -> None:
    assert tie_strength(events, NOW) == tie_strength(mirrored(events), NOW)
    assert tie_reciprocity(events, A, B, NOW) == tie_reciprocity(events, B, A, NOW)
    assert tie_reciprocity(events, A, B, NOW) == tie_reciprocity(mirrored(events), A, B, NOW)


@given(ledgers(max_size=20))
def test_bounded(events) -> None:
    value = tie_strength(events, NOW)
    assert 0.0 <= value < 1.0
    assert DEFAULT.reciprocity_min <= tie_reciprocity(events, A, B, NOW) <= 1.0


@given(st.floats(0, 1e6), st.floats(0, 1e6))
def test_reciprocity_bounded_and_full_when_balanced(x, y) -> None:
    assert DEFAULT.reciprocity_min <= reciprocity(x, y) <= 1.0
    assert reciprocity(x, x) == 1.0


@given(ledgers(), st.sampled_from(["missing", "not-a-help", "wrong-giver"]))
def test_thanks_without_the_help_it_names_is_impossible(events, flaw) -> None:
    at = START + timedelta(days=10)
    others = [e for e in events if e.kind != "helped"]
    if flaw == "missing":
        named = "no-such-event"
    elif flaw == "not-a-help":
        if not others:
            return
        named = others[0].id
    else:  # a help exists, but the thanked person is not the one who gave it
        helps = [e for e in events if e.kind == "helped"]
        if not helps:
            return
        named = helps[0].id
    thanked = helps[0].receiver if flaw == "wrong-giver" else B
    thanks = TieEvent("bad", "thanked", at, A if thanked == B else B, thanked, confirms=named)
    with pytest.raises(UnconfirmableThanks):
        tie_strength([*events, thanks], NOW)


UNCAPPED = ScoringSettings(unconfirmed_cap=math.inf)


@settings(max_examples=200)
@given(ledgers(max_size=15), st.randoms(use_true_random=False))
def test_same_events_any_arrival_order_same_strength(events, rnd: random.Random) -> None:
    """Exactly so without the cap; with it, which claims count past the cap depends on
    which came first, and the projector's fold agrees with the reference in every order."""
    reference = tie_strength(events, NOW, UNCAPPED)
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert tie_strength(shuffled, NOW, UNCAPPED) == reference  # exactly: fsum is order-free
    for scoring in (UNCAPPED, DEFAULT):
        fold = EpochTie(scoring)
        for event in shuffled:
            fold.apply(event)
        assert math.isclose(fold.strength(NOW), tie_strength(shuffled, NOW, scoring),
                            rel_tol=1e-12, abs_tol=1e-15)


@st.composite
def one_sided(draw: st.DrawFn, max_size: int = 30) -> list[TieEvent]:
    """What A alone can record on the tie: claims of meetings, help either way, an
    imported connection, an introduction A confirmed, thanks for help A recorded."""
    events: list[TieEvent] = []
    for index in range(draw(st.integers(0, max_size))):
        at = START + timedelta(days=draw(st.integers(0, 730)))
        kind = draw(st.sampled_from(["met", "helped", "imported", "introduced", "thanked"]))
        helps = [e for e in events if e.kind == "helped" and e.giver == B]
        if kind == "thanked" and not helps:
            kind = "met"
        if kind == "thanked":
            events.append(TieEvent(f"e{index}", "thanked", at, A, B, confirmed=False,
                                   confirms=draw(st.sampled_from(helps)).id, by=A))
        else:
            giver, receiver = draw(st.sampled_from([(A, B), (B, A)]))
            events.append(TieEvent(f"e{index}", kind, at, giver, receiver, confirmed=False,
                                   by=A))
    return events


@given(one_sided(), st.integers(0, 800))
def test_one_sides_word_alone_counts_at_most_the_cap(events, day) -> None:
    at = START + timedelta(days=day)
    assert tie_mass(events, at) <= DEFAULT.unconfirmed_cap + 1e-12
    cap_strength = 1 - math.exp(-DEFAULT.unconfirmed_cap / DEFAULT.saturation_k)
    assert tie_strength(events, at) <= cap_strength + 1e-12
    fold = EpochTie()
    for event in events:
        fold.apply(event)
    assert fold.strength(NOW) <= cap_strength + 1e-12


@given(st.integers(1, 30))
def test_confirmations_lift_the_cap_for_what_they_confirm(meetings) -> None:
    claims = [TieEvent(f"m{i}", "met", START, A, B, confirmed=False, by=A)
              for i in range(meetings)]
    capped = min(meetings * DEFAULT.one_sided_factor, DEFAULT.unconfirmed_cap)
    assert tie_mass(claims, START) == capped
    confirmations = [TieEvent(f"c{i}", "confirmed", START, B, A, confirms=f"m{i}")
                     for i in range(meetings)]
    assert tie_mass([*claims, *confirmations], START) == meetings  # each in full
