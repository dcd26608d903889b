"""What text the domain stores: NFC-normalised, trimmed, free of control characters, bidi
overrides and lone surrogates (names on one line); currencies are ISO 4217 codes."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from uuid import uuid4

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.base import BIDI_CONTROLS, MAX_NAME, MAX_TEXT, Stamp, tag_list, text
from domain.errors import InvalidInput
from domain.referral import Referral

ANY = st.characters(exclude_categories=())  # every code point, surrogates included


def refused(char: str, *, line_breaks: bool) -> bool:
    if line_breaks and char in "\n\r\t":
        return False
    return char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs")


@given(st.text(ANY, max_size=40), st.booleans())
def test_text_is_nfc_trimmed_or_refused(value: str, free_text: bool) -> None:
    limit = MAX_TEXT if free_text else MAX_NAME
    if any(refused(c, line_breaks=free_text) for c in value):
        with pytest.raises(InvalidInput) as caught:
            text(value, "name", limit=limit)
        assert caught.value.details["character"].startswith("U+")
        return
    stored = text(value, "name", limit=limit)
    assert stored == unicodedata.normalize("NFC", value.strip())
    assert text(stored, "name", limit=limit) == stored  # stored text passes as it is
    stored.encode("utf-8")  # every store can hold it


@given(st.text(st.characters(max_codepoint=127), max_size=40), st.booleans())
def test_ascii_text_is_refused_exactly_for_its_control_characters(value: str,
                                                                  free_text: bool) -> None:
    """Printable ASCII, most of what imports bring, is passed without a look at each
    character; every ASCII control character is still refused (line breaks in free text
    aside)."""
    limit = MAX_TEXT if free_text else MAX_NAME
    if any(refused(c, line_breaks=free_text) for c in value):
        with pytest.raises(InvalidInput):
            text(value, "name", limit=limit)
    else:
        assert text(value, "name", limit=limit) == value.strip()


@pytest.mark.parametrize("value", [
    "Ada\x00", "\x1b[31mAda", "Ada\u202eadA", "Ada\u2066x\u2069", "a\ud800", "A\x85da",
    "Ada\nLovelace",
])
def test_names_refuse_control_and_bidi_characters(value: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        text(value, "name", required=True, limit=MAX_NAME)
    assert "U+" in caught.value.message


def test_free_text_may_break_lines_and_names_are_normalised() -> None:
    assert text(" line one\r\nline\ttwo ", "note") == "line one\r\nline\ttwo"
    assert text("Jose\u0301", "name", limit=MAX_NAME) == "Jos\u00e9"
    assert tag_list(["cafe\u0301", "caf\u00e9"]) == ["caf\u00e9"]  # one spelling, one tag
    assert text("\u200fשלום", "name", limit=MAX_NAME) == "\u200fשלום"  # a mark, not an override


def accepted_referral() -> Referral:
    stamp = Stamp(at=datetime(2024, 6, 1, tzinfo=UTC), recorded_by="admin", idempotency_key=None)
    referral = Referral.give(uuid4(), giver=str(uuid4()), receiver=str(uuid4()), prospect=None,
                             prospect_name="Acme", note=None, stamp=stamp)
    referral.accept(stamp=stamp)
    return referral


STAMP = Stamp(at=datetime(2024, 6, 2, tzinfo=UTC), recorded_by="admin", idempotency_key=None)


def test_every_iso_4217_currency_closes_a_referral() -> None:
    codes = sorted(c.alpha_3 for c in pycountry.currencies)
    assert {"EUR", "USD", "JPY", "CHF"} <= set(codes) and len(codes) > 150
    for code in codes:
        referral = accepted_referral()
        referral.close(value=10.0, currency=code.lower(), stamp=STAMP)
        assert referral.currency == code


@pytest.mark.parametrize("code", ["ZZZ", "EUROS", "XEU", "", "E\u0301U"])
def test_codes_outside_iso_4217_are_refused(code: str) -> None:
    with pytest.raises(InvalidInput, match="ISO 4217"):
        accepted_referral().close(value=10.0, currency=code, stamp=STAMP)
