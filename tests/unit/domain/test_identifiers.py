"""Identifiers in one spelling each: e-mails case-folded, phones in E.164, LinkedIn profiles
as linkedin.com/in/<slug>; normalising twice is normalising once."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import identifiers
from domain.errors import InvalidInput


@pytest.mark.parametrize(("given_", "expected"), [
    ("Ana.Ruiz@Example.COM", "ana.ruiz@example.com"),
    ("  mailto:BEN@mail.example.org ", "ben@mail.example.org"),
    ("STRASSE@Müller.DE", "strasse@müller.de"),
])
def test_emails_are_case_folded(given_: str, expected: str) -> None:
    assert identifiers.email(given_) == expected


@pytest.mark.parametrize("bad", ["", "ana", "ana@", "@example.com", "a b@example.com",
                                 "ana@example", "ana@@example.com", "ana@example..com"])
def test_what_is_not_an_email_is_refused(bad: str) -> None:
    with pytest.raises(InvalidInput, match="not an e-mail"):
        identifiers.email(bad)


@pytest.mark.parametrize(("given_", "region", "expected"), [
    ("+351 912 345 678", None, "+351912345678"),
    ("+44 (0)20 7946 0958", None, "+442079460958"),
    ("030 1234567", "DE", "+49301234567"),
    ("(415) 555-2671", "us", "+14155552671"),
    ("00351912345678", "PT", "+351912345678"),
])
def test_phones_are_in_e164(given_: str, region: str | None, expected: str) -> None:
    assert identifiers.phone(given_, region) == expected


def test_a_national_number_without_a_region_is_refused_with_why() -> None:
    with pytest.raises(InvalidInput, match="needs a region"):
        identifiers.phone("030 1234567")
    with pytest.raises(InvalidInput, match="phone number"):
        identifiers.phone("+49 1")


@pytest.mark.parametrize("url", [
    "https://www.linkedin.com/in/ana-ruiz-1a2b3c",
    "http://linkedin.com/in/Ana-Ruiz-1a2b3c/",
    "linkedin.com/in/ana-ruiz-1a2b3c?originalSubdomain=pt",
    "https://pt.linkedin.com/in/ana-ruiz-1a2b3c/details/experience/",
    "www.linkedin.com/in/ANA-RUIZ-1A2B3C#about",
    "https://m.linkedin.com/in/ana-ruiz-1a2b3c",
])
def test_linkedin_profiles_have_one_spelling(url: str) -> None:
    assert identifiers.linkedin(url) == "linkedin.com/in/ana-ruiz-1a2b3c"


def test_a_percent_encoded_slug_is_decoded() -> None:
    assert identifiers.linkedin("https://de.linkedin.com/in/j%C3%BCrgen-m%C3%BCller") == (
        "linkedin.com/in/jürgen-müller")


@pytest.mark.parametrize("bad", ["https://www.linkedin.com/company/acme",
                                 "https://linkedin.com/in/", "https://evil.com/in/ana-ruiz",
                                 "https://linkedin.com.evil.com/in/ana-ruiz", "ana-ruiz"])
def test_what_is_not_a_linkedin_profile_is_refused(bad: str) -> None:
    with pytest.raises(InvalidInput):
        identifiers.linkedin(bad)


def test_lists_drop_duplicates_after_normalising_and_keep_order() -> None:
    assert identifiers.emails(["B@x.org", "a@x.org", "b@X.ORG"]) == ["b@x.org", "a@x.org"]
    with pytest.raises(InvalidInput, match="a list"):
        identifiers.emails("a@x.org")  # type: ignore[arg-type]


_label = st.text(alphabet=st.characters(categories=("Ll", "Lu", "Nd")), min_size=1,
                 max_size=12)


@given(local=st.text(alphabet=st.characters(categories=("Ll", "Lu", "Nd"),
                                            include_characters="._+-"),
                     min_size=1, max_size=20),
       labels=st.lists(_label, min_size=2, max_size=4))
def test_normalising_an_email_twice_is_normalising_once(local: str, labels: list[str]) -> None:
    try:
        once = identifiers.email(f"{local}@{'.'.join(labels)}")
    except InvalidInput:
        return
    assert identifiers.email(once) == once


@given(number=st.from_regex(r"\+[1-9][0-9]{6,13}", fullmatch=True),
       separators=st.sampled_from(["", " ", "-", "."]))
def test_normalising_a_phone_twice_is_normalising_once(number: str, separators: str) -> None:
    spaced = number[:3] + separators + number[3:]
    try:
        once = identifiers.phone(spaced)
    except InvalidInput:
        return
    assert once.startswith("+") and identifiers.phone(once) == once


def test_a_number_that_shrinks_each_time_it_is_read_is_refused() -> None:
    # phonenumbers reads +31 0000000 as +31 000000 (a Dutch national prefix dropped), and
    # that again as +31 00000: no spelling of it stays put, so nothing could match on it.
    with pytest.raises(InvalidInput, match="not a possible phone number"):
        identifiers.phone("+310000000")
    assert identifiers.phone("+31 (0)6 12345678") == "+31612345678"


@given(slug=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9\-]{2,30}", fullmatch=True),
       host=st.sampled_from(["linkedin.com", "www.linkedin.com", "de.linkedin.com"]),
       tail=st.sampled_from(["", "/", "/?trk=x", "#top"]))
def test_normalising_a_profile_twice_is_normalising_once(slug: str, host: str,
                                                         tail: str) -> None:
    once = identifiers.linkedin(f"https://{host}/in/{slug}{tail}")
    assert once == f"linkedin.com/in/{slug.casefold()}"
    assert identifiers.linkedin(once) == once


SLUG_CHARS = st.characters(exclude_categories=("Cs",))
SPELLINGS = st.one_of(
    st.text(SLUG_CHARS, min_size=0, max_size=12).map(lambda s: f"linkedin.com/in/{s}"),
    st.from_regex(r"linkedin\.com/in/[\w\-%]{1,12}\s?", fullmatch=True),
    st.text(SLUG_CHARS, max_size=30))


def _spelled_in_full(value: str) -> str | InvalidInput:
    try:
        return identifiers._spelled(value)
    except InvalidInput as error:
        return error


@given(SPELLINGS)
def test_a_profile_already_in_its_spelling_is_taken_as_it_is_only_when_the_full_reading_agrees(
        value: str) -> None:
    """The shortcut for a URL already spelled `linkedin.com/in/<slug>` (every import hands
    the command one) gives what splitting and decoding the URL gives, or refuses alike."""
    full = _spelled_in_full(value)
    try:
        fast: str | InvalidInput = identifiers.linkedin(value)
    except InvalidInput as error:
        fast = error
    if isinstance(full, InvalidInput):
        assert isinstance(fast, InvalidInput)
        assert fast.message == full.message
    else:
        assert fast == full


def test_the_shortcut_leaves_case_and_percent_signs_to_the_full_reading() -> None:
    assert identifiers.linkedin("linkedin.com/in/Ana-Ruiz") == "linkedin.com/in/ana-ruiz"
    assert identifiers.linkedin("linkedin.com/in/ana%2Druiz") == "linkedin.com/in/ana-ruiz"
    assert identifiers.linkedin("linkedin.com/in/ana-ruiz\n") == "linkedin.com/in/ana-ruiz"


@pytest.mark.parametrize("value", ["[", "https://[::1/in/ana", "linkedin.com]/in/ana"])
def test_a_url_that_cannot_be_split_is_refused_as_no_profile(value: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        identifiers.linkedin(value)
    assert "is not a LinkedIn profile URL" in caught.value.message
