"""vCard 3.0 and 4.0 address books (`.vcf` from Apple Contacts, Google Contacts, Outlook),
parsed by `vobject`: folded lines, several e-mails and phones per card, ORG and TITLE,
CATEGORIES as tags, NOTE kept private (it becomes the importer's tie context, sealed for
the two of them)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import vobject

from domain import identifiers
from domain.base import MAX_NAME, MAX_TAG, MAX_TAGS, MAX_TEXT
from domain.contacts.contact import Contact, ContactFile, Skipped
from domain.contacts.errors import ImportFileError
from domain.contacts.linkedin import decode
from domain.errors import InvalidInput

MAX_BYTES = 64 * 1024 * 1024
_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE | re.MULTILINE)


def read(path: Path, region: str | None = None) -> ContactFile:
    """The cards of a .vcf file; `region` (e.g. "PT") reads phone numbers written without
    their country code."""
    if path.stat().st_size > MAX_BYTES:
        raise ImportFileError(f"the file is larger than {MAX_BYTES:,} bytes.")
    return parse(decode(path.read_bytes()), region)


def parse(text: str, region: str | None = None) -> ContactFile:
    starts = [text.count("\n", 0, m.start()) + 1 for m in _BEGIN.finditer(text)]
    if not starts:
        raise ImportFileError("this is not a vCard file: no line reads BEGIN:VCARD.")
    contacts: list[Contact] = []
    skipped: list[Skipped] = []
    left_out: list[Skipped] = []
    cards = vobject.readComponents(text, ignoreUnreadable=False)
    for line in starts:
        try:
            card = next(cards)
        except StopIteration:
            break
        except Exception as error:  # vobject raises ParseError and plain ValueErrors
            # vobject's own line count is of its unfolded lines; ours is of the file
            why = re.sub(r"^At line \d+: ", "", str(error))
            raise ImportFileError(f"the card starting here cannot be read ({why}).",
                                  line=line) from None
        if card.name.upper() != "VCARD":
            raise ImportFileError(f"a {card.name} where a VCARD was expected.", line=line)
        found = _contact(card, line, region, left_out)
        if isinstance(found, Skipped):
            skipped.append(found)
        else:
            contacts.append(found)
    if not contacts:
        why = (f"all {len(skipped)} card(s) were skipped (first: line {skipped[0].line}, "
               f"{skipped[0].reason})" if skipped else "it holds no cards")
        raise ImportFileError(f"the file yields no contacts: {why}.")
    return ContactFile(contacts, skipped, left_out)


def _values(card: Any, name: str) -> list[Any]:
    return [item.value for item in card.contents.get(name, [])]


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value if v).strip()
    return str(value or "").strip()


def _name(card: Any) -> str:
    formatted = _text(next(iter(_values(card, "fn")), ""))
    if formatted:
        return formatted
    structured = next(iter(_values(card, "n")), None)
    if structured is None:
        return ""
    parts = (structured.prefix, structured.given, structured.additional, structured.family,
             structured.suffix)
    return " ".join(_text(p) for p in parts if _text(p))


def _contact(card: Any, line: int, region: str | None,
             left_out: list[Skipped]) -> Contact | Skipped:
    name = _name(card)
    if not name:
        return Skipped(line, "no name (FN or N)")
    if len(name) > MAX_NAME:
        return Skipped(line, f"the name is longer than {MAX_NAME} characters")
    emails: list[str] = []
    for value in _values(card, "email"):
        try:
            emails.append(identifiers.email(_text(value)))
        except InvalidInput as error:
            left_out.append(Skipped(line, f"{name}: e-mail left out, {error.message}"))
    phones: list[str] = []
    for value in _values(card, "tel"):
        number = _text(value).removeprefix("tel:")
        try:
            phones.append(identifiers.phone(number, region))
        except InvalidInput as error:
            left_out.append(Skipped(line, f"{name}: phone left out, {error.message}"))
    profiles = []
    for value in _values(card, "url") + _values(card, "x-socialprofile"):
        try:
            profiles.append(identifiers.linkedin(_text(value)))
        except InvalidInput:
            continue  # other web sites are not identifiers here
    emails, phones, profiles = (list(dict.fromkeys(v))[:identifiers.MAX_IDENTIFIERS]
                                for v in (emails, phones, profiles))
    if not (emails or phones or profiles):
        return Skipped(line, "no e-mail, phone or LinkedIn profile to recognise them by")
    org = next(iter(_values(card, "org")), None)
    organization = (org[0] if isinstance(org, list) and org else _text(org)).strip()
    tags = [t.strip()[:MAX_TAG] for value in _values(card, "categories")
            for t in (value if isinstance(value, list) else [value]) if t and t.strip()]
    return Contact(line=line, name=name,
                   headline=_text(next(iter(_values(card, "title")), ""))[:MAX_TEXT],
                   organization=organization[:MAX_NAME] or None, emails=emails,
                   phones=phones, profiles=profiles, tags=list(dict.fromkeys(tags))[:MAX_TAGS],
                   note="\n".join(_text(n) for n in _values(card, "note"))[:MAX_TEXT])
