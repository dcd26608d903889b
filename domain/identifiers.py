"""The identifiers a person carries, in one canonical spelling each so that two records of
the same address match: e-mail addresses case-folded, phone numbers in E.164 (parsed by
`phonenumbers`), LinkedIn profiles as `linkedin.com/in/<slug>`. Every function here gives
the same result on its own output (normalising twice is normalising once)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urlsplit

import phonenumbers

from domain.errors import InvalidInput

MAX_IDENTIFIER = 200
MAX_IDENTIFIERS = 20  # of each kind, per person

# local@domain, one @, no spaces; the domain has a dot and no empty labels
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
# LinkedIn's public profile slugs: letters (any script, percent-encoded in URLs), digits, -, _
_SLUG = re.compile(r"^[\w\-%]{3,100}$")
_LINKEDIN_HOSTS = re.compile(r"^([a-z]{2,3}\.|www\.|m\.)?linkedin\.com$")
# A URL already in the one spelling (as an import hands it to the command): no URL to split
_CANONICAL = re.compile(r"linkedin\.com/in/([\w\-]{3,100})")


def email(value: str) -> str:
    """`Ana.Ruiz@Example.COM ` → `ana.ruiz@example.com` (whole address case-folded:
    providers treat the local part alike, and a match must not depend on how it was typed)."""
    if not isinstance(value, str):
        raise InvalidInput("An e-mail address is a text.")
    address = unicodedata.normalize("NFC", value.strip()).casefold()
    address = address.removeprefix("mailto:")
    if len(address) > MAX_IDENTIFIER or not _EMAIL.match(address):
        raise InvalidInput(f"{value!r} is not an e-mail address.", value=value[:MAX_IDENTIFIER])
    return address


def phone(value: str, region: str | None = None) -> str:
    """A phone number in E.164 (`+351912345678`). A number without its country code needs
    the `region` it was written in (ISO 3166 alpha-2, e.g. "PT")."""
    if not isinstance(value, str):
        raise InvalidInput("A phone number is a text.")
    try:
        parsed = phonenumbers.parse(value.strip(), region.upper() if region else None)
    except phonenumbers.NumberParseException:
        hint = "" if region or value.strip().startswith("+") else (
            " (a number without +country code needs a region)")
        raise InvalidInput(f"{value!r} is not a phone number{hint}.",
                           value=value[:MAX_IDENTIFIER]) from None
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    # A number whose digits lose a national prefix again each time they are read (+31 0000…)
    # has no one spelling to match on: it is refused like an impossible one.
    if not phonenumbers.is_possible_number(parsed) or phonenumbers.format_number(
            phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.E164) != e164:
        raise InvalidInput(f"{value!r} is not a possible phone number.",
                           value=value[:MAX_IDENTIFIER])
    return e164


def linkedin(value: str) -> str:
    """A LinkedIn profile URL in one spelling: `linkedin.com/in/<slug>` (no scheme, no
    `www.` or country host, no query, no trailing slash, the slug case-folded and decoded)."""
    if not isinstance(value, str):
        raise InvalidInput("A profile URL is a text.")
    canonical = _CANONICAL.fullmatch(value)
    if canonical and unicodedata.normalize("NFC", canonical[1]).casefold() == canonical[1]:
        return value
    return _spelled(value)


def _spelled(value: str) -> str:
    text = value.strip()
    try:
        parts = urlsplit(text if "://" in text else f"https://{text}")
        host = (parts.hostname or "").casefold()
    except ValueError:  # "[" (an unclosed IPv6 host), a port that is no number, …
        raise InvalidInput(f"{value!r} is not a LinkedIn profile URL "
                           "(linkedin.com/in/<name>).", value=value[:MAX_IDENTIFIER]) from None
    segments = [s for s in parts.path.split("/") if s]
    if not _LINKEDIN_HOSTS.match(host) or len(segments) < 2 or segments[0].casefold() != "in":
        raise InvalidInput(f"{value!r} is not a LinkedIn profile URL "
                           "(linkedin.com/in/<name>).", value=value[:MAX_IDENTIFIER])
    slug = unicodedata.normalize("NFC", unquote(segments[1])).casefold()
    if not _SLUG.match(slug):
        raise InvalidInput(f"{value!r} does not hold a LinkedIn profile name.",
                           value=value[:MAX_IDENTIFIER])
    return f"linkedin.com/in/{slug}"


def normalised(values: Iterable[str] | None, normalise: Callable[[str], str],
               what: str) -> list[str]:
    """Values normalised, duplicates dropped (first one kept), order kept; at most
    MAX_IDENTIFIERS."""
    if values is None:
        return []
    if isinstance(values, str):
        raise InvalidInput(f"{what} are a list, not a single text.")
    found = list(dict.fromkeys(normalise(value) for value in values))
    if len(found) > MAX_IDENTIFIERS:
        raise InvalidInput(f"At most {MAX_IDENTIFIERS} {what}, got {len(found)}.")
    return found


def emails(values: Iterable[str] | None) -> list[str]:
    return normalised(values, email, "e-mail addresses")


def phones(values: Iterable[str] | None) -> list[str]:
    """Phone numbers given with their country code (+…); imports that know the region
    normalise with `phone(value, region)` first."""
    return normalised(values, phone, "phone numbers")


def profiles(values: Iterable[str] | None) -> list[str]:
    return normalised(values, linkedin, "profile URLs")
