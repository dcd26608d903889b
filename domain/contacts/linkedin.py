"""LinkedIn's "Export your data" archive: `Connections.csv`, alone or inside the export ZIP.

The file starts with a "Notes:" preamble (a quoted paragraph on missing e-mails), then the
header `First Name,Last Name,URL,Email Address,Company,Position,Connected On`, then one row
per connection. Most rows have no e-mail (members choose whether connections may see it);
fields may hold commas and quotes; `Connected On` reads `12 Mar 2021`."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from domain import identifiers
from domain.base import MAX_NAME
from domain.contacts.contact import Contact, ContactFile, Skipped
from domain.contacts.errors import ImportFileError
from domain.errors import InvalidInput

HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position",
          "Connected On")
MEMBER = "connections.csv"
# An export ZIP is a few megabytes; a Connections.csv of 30,000 rows about 4 MB. These caps
# keep a crafted archive (a "zip bomb") from filling memory: what is read is counted as it
# is inflated, whatever the archive's headers claim.
MAX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed; text compresses about 5:1
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def read(path: Path) -> ContactFile:
    """The connections of a `Connections.csv` or of the export ZIP holding one."""
    data = path.read_bytes()
    if zipfile.is_zipfile(io.BytesIO(data)):
        data = connections_from_zip(data)
    return parse(decode(data))


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ImportFileError("the file is not UTF-8 text (LinkedIn exports are).",
                              line=line) from None


def connections_from_zip(data: bytes) -> bytes:
    """Connections.csv from the export archive, wherever it sits in it, inflated under
    MAX_UNCOMPRESSED and MAX_RATIO."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ImportFileError(f"the ZIP archive cannot be read ({error}).") from None
    with archive:
        members = [i for i in archive.infolist()
                   if PurePosixPath(i.filename).name.casefold() == MEMBER and not i.is_dir()]
        if not members:
            raise ImportFileError(
                "the ZIP archive holds no Connections.csv: is it LinkedIn's \"Export your "
                "data\" archive with Connections chosen?")
        member = min(members, key=lambda i: len(PurePosixPath(i.filename).parts))
        limit = min(MAX_UNCOMPRESSED, max(member.compress_size, 1) * MAX_RATIO)
        if member.file_size > limit:
            raise ImportFileError(_too_large(member.filename, member.file_size, limit))
        out = bytearray()
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(1 << 20):
                    out += chunk
                    if len(out) > limit:  # the header lied about the size
                        raise ImportFileError(_too_large(member.filename, len(out), limit))
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise ImportFileError(f"{member.filename} in the ZIP archive is damaged "
                                  f"({error}).") from None
        return bytes(out)


def _too_large(name: str, size: int, limit: int) -> str:
    return (f"{name} inflates to more than {limit:,} bytes ({size:,} so far, at most "
            f"{MAX_UNCOMPRESSED:,} and {MAX_RATIO}× its compressed size): refused as a "
            "possible zip bomb.")


def parse(text: str) -> ContactFile:
    """Rows after the header as contacts; a file that yields no one is an error that says
    why, a row that cannot be read stops the import with its line."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header_line = None
    contacts: list[Contact] = []
    skipped: list[Skipped] = []
    try:
        for row in reader:
            if header_line is None:
                if tuple(cell.strip() for cell in row) == HEADER:
                    header_line = reader.line_num
                continue
            if not any(cell.strip() for cell in row):
                continue
            contact = _contact(row, reader.line_num)
            if isinstance(contact, Skipped):
                skipped.append(contact)
            else:
                contacts.append(contact)
    except csv.Error as error:
        raise ImportFileError(f"the CSV cannot be read ({error}).",
                              line=reader.line_num) from None
    if header_line is None:
        raise ImportFileError("this is not LinkedIn's Connections.csv: no line reads "
                              f"{','.join(HEADER)}.")
    if not contacts:
        why = (f"all {len(skipped)} row(s) were skipped (first: line {skipped[0].line}, "
               f"{skipped[0].reason})" if skipped else "it has the header and no rows")
        raise ImportFileError(f"the file yields no connections: {why}.")
    return ContactFile(contacts, skipped, profiles_current=True)


def _contact(row: list[str], line: int) -> Contact | Skipped:
    if len(row) != len(HEADER):
        raise ImportFileError(f"{len(row)} fields where the header has {len(HEADER)} "
                              "(a comma outside quotes?).", line=line)
    first, last, url, email, company, position, connected_on = (c.strip() for c in row)
    name = " ".join(part for part in (first, last) if part)
    if not name:
        return Skipped(line, "no name (a member who left LinkedIn or hides their profile)")
    if len(name) > MAX_NAME:
        return Skipped(line, f"the name is longer than {MAX_NAME} characters")
    try:
        profiles = [identifiers.linkedin(url)] if url else []
        emails = [identifiers.email(email)] if email else []
    except InvalidInput as error:
        raise ImportFileError(error.message, line=line) from None
    if not profiles and not emails:
        return Skipped(line, "no profile URL or e-mail to recognise them by")
    return Contact(line=line, name=name, headline=position, organization=company or None,
                   emails=emails, profiles=profiles, at=_date(connected_on, line))


def _date(value: str, line: int) -> datetime | None:
    """`12 Mar 2021` (English month abbreviations, whatever the locale) at midnight UTC."""
    if not value:
        return None
    parts = value.split()
    try:
        day, month, year = int(parts[0]), _MONTHS[parts[1][:3].casefold()], int(parts[2])
        if len(parts) != 3:
            raise ValueError
        return datetime(year, month, day, tzinfo=UTC)
    except (ValueError, KeyError, IndexError):
        raise ImportFileError(f"Connected On {value!r} is not a date like 12 Mar 2021.",
                              line=line) from None
