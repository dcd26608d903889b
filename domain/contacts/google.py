"""Google Contacts' CSV export ("Google CSV"), read with the csv module, in both layouts
Google has written:

- today's: `First Name, Middle Name, Last Name, …, Organization Name, Organization Title,
  …, Notes, …, Labels, E-mail 1 - Label, E-mail 1 - Value, …, Phone 1 - Value, …,
  Website 1 - Value, …`, labels as `* myContacts ::: Friends`;
- the older one: `Name, Given Name, Additional Name, Family Name, …, Notes,
  Group Membership, E-mail 1 - Type, E-mail 1 - Value, …, Organization 1 - Name,
  Organization 1 - Title, …`.

A cell may hold several values joined by ` ::: ` (two e-mails of the same label). System
labels (`* myContacts`, `* starred`) are Google's, not the person's: they are not tags."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from domain import identifiers
from domain.base import MAX_NAME, MAX_TAG, MAX_TAGS, MAX_TEXT
from domain.contacts.contact import Contact, ContactFile, Skipped
from domain.contacts.errors import ImportFileError
from domain.contacts.linkedin import decode
from domain.errors import InvalidInput

MAX_BYTES = 64 * 1024 * 1024
SEPARATOR = ":::"
_NUMBERED = re.compile(r"^(E-mail|Phone|Website) \d+ - Value$")
# each layout: the name columns, organization, title, labels
_LAYOUTS = {
    "today": (("First Name", "Middle Name", "Last Name"), "Organization Name",
              "Organization Title", "Labels"),
    "older": (("Given Name", "Additional Name", "Family Name"), "Organization 1 - Name",
              "Organization 1 - Title", "Group Membership"),
}


def read(path: Path, region: str | None = None) -> ContactFile:
    """The contacts of a Google CSV export; `region` (e.g. "PT") reads phone numbers
    written without their country code."""
    if path.stat().st_size > MAX_BYTES:
        raise ImportFileError(f"the file is larger than {MAX_BYTES:,} bytes.")
    return parse(decode(path.read_bytes()), region)


def parse(text: str, region: str | None = None) -> ContactFile:
    reader = csv.reader(io.StringIO(text, newline=""))
    contacts: list[Contact] = []
    skipped: list[Skipped] = []
    left_out: list[Skipped] = []
    try:
        header = [cell.strip() for cell in next(reader, [])]
        columns = _Columns(header)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ImportFileError(f"{len(row)} fields where the header has "
                                      f"{len(header)} (a comma outside quotes?).",
                                      line=reader.line_num)
            found = columns.contact(row, reader.line_num, region, left_out)
            if isinstance(found, Skipped):
                skipped.append(found)
            else:
                contacts.append(found)
    except csv.Error as error:
        raise ImportFileError(f"the CSV cannot be read ({error}).",
                              line=reader.line_num) from None
    if not contacts:
        why = (f"all {len(skipped)} row(s) were skipped (first: line {skipped[0].line}, "
               f"{skipped[0].reason})" if skipped else "it has the header and no rows")
        raise ImportFileError(f"the file yields no contacts: {why}.")
    return ContactFile(contacts, skipped, left_out)


def _cells(value: str) -> list[str]:
    return [part.strip() for part in value.split(SEPARATOR) if part.strip()]


class _Columns:
    """Where each field sits in this file's header."""

    def __init__(self, header: list[str]) -> None:
        self.at = {name: i for i, name in reversed(list(enumerate(header)))}
        layout = next((names for names in _LAYOUTS.values() if names[0][0] in self.at), None)
        numbered = [i for i, name in enumerate(header) if _NUMBERED.match(name)]
        if layout is None or not numbered:
            raise ImportFileError(
                "this is not a Google Contacts CSV: the header has no First Name (or Given "
                "Name) and no E-mail 1 - Value / Phone 1 - Value columns. Export with "
                "\"Google CSV\" chosen.", line=1)
        self.names, self.organization, self.title, self.labels = layout
        self.numbered = [(header[i].split()[0], i) for i in numbered]

    def get(self, row: list[str], name: str) -> str:
        i = self.at.get(name)
        return row[i].strip() if i is not None else ""

    def name(self, row: list[str]) -> str:
        parts = " ".join(p for p in (self.get(row, n) for n in self.names) if p)
        return parts or self.get(row, "Name") or self.get(row, "File As")

    def contact(self, row: list[str], line: int, region: str | None,
                left_out: list[Skipped]) -> Contact | Skipped:
        name = self.name(row)
        if not name:
            return Skipped(line, "no name")
        if len(name) > MAX_NAME:
            return Skipped(line, f"the name is longer than {MAX_NAME} characters")
        emails: list[str] = []
        phones: list[str] = []
        profiles: list[str] = []
        for kind, i in self.numbered:
            for value in _cells(row[i]):
                try:
                    if kind == "E-mail":
                        emails.append(identifiers.email(value))
                    elif kind == "Phone":
                        phones.append(identifiers.phone(value, region))
                    else:
                        profiles.append(identifiers.linkedin(value))
                except InvalidInput as error:
                    if kind != "Website":  # other web sites are not identifiers here
                        what = "e-mail" if kind == "E-mail" else "phone"
                        left_out.append(Skipped(line, f"{name}: {what} left out, "
                                                f"{error.message}"))
        emails, phones, profiles = (list(dict.fromkeys(v))[:identifiers.MAX_IDENTIFIERS]
                                    for v in (emails, phones, profiles))
        if not (emails or phones or profiles):
            return Skipped(line, "no e-mail, phone or LinkedIn profile to recognise them by")
        tags = [t[:MAX_TAG] for t in _cells(self.get(row, self.labels))
                if not t.startswith("*")]
        return Contact(line=line, name=name, headline=self.get(row, self.title)[:MAX_TEXT],
                       organization=self.get(row, self.organization)[:MAX_NAME] or None,
                       emails=emails, phones=phones, profiles=profiles,
                       tags=list(dict.fromkeys(tags))[:MAX_TAGS],
                       note=self.get(row, "Notes")[:MAX_TEXT])
