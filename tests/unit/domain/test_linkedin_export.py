"""LinkedIn's Connections.csv as the export writes it, and the export ZIP around it."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.contacts import linkedin
from domain.contacts.errors import ImportFileError

DATA = Path(__file__).parents[2] / "data" / "linkedin"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
PREAMBLE = 'Notes:\r\n"When exporting your connection data, you may notice that some of the ' \
           'email addresses are missing."\r\n\r\n'


def csv_text(*rows: str) -> str:
    return PREAMBLE + "\r\n".join((HEADER, *rows)) + "\r\n"


def test_the_sample_export_reads_every_field() -> None:
    found = linkedin.read(DATA / "Connections.csv")
    by_name = {c.name: c for c in found.contacts}
    assert list(by_name) == ["Ana Ruiz", "Ben Okafor", 'Chloé O"Brien', "美咲 佐藤",
                             "Дмитрий Иванов"]
    ana = by_name["Ana Ruiz"]
    assert (ana.line, ana.headline, ana.organization, ana.emails, ana.profiles, ana.at) == (
        5, "Head of Sales, EMEA", "Northwind Logistics", [],
        ["linkedin.com/in/ana-ruiz-1a2b3c"], datetime(2021, 3, 12, tzinfo=UTC))
    assert by_name["Ben Okafor"].organization == "Okafor & Sons, Ltd."
    assert by_name["Ben Okafor"].emails == ["ben.okafor@example.com"]
    assert by_name['Chloé O"Brien'].headline == 'Advisor "fractional" CFO'
    assert by_name['Chloé O"Brien'].organization is None
    assert by_name["美咲 佐藤"].profiles == ["linkedin.com/in/美咲-佐藤"]
    assert [(s.line, s.reason.split(" (")[0]) for s in found.skipped] == [
        (10, "no name"), (11, "no profile URL or e-mail to recognise them by")]


def test_the_export_zip_yields_the_same_connections() -> None:
    zipped = linkedin.read(DATA / "Basic_LinkedInDataExport_03-14-2025.zip")
    assert zipped == linkedin.read(DATA / "Connections.csv")


def test_a_multi_line_quoted_field_keeps_line_numbers_right() -> None:
    found = linkedin.parse(csv_text(
        'Ana,Ruiz,https://linkedin.com/in/ana-r,,"Acme\r\nEurope",CEO,1 Apr 2020',
        "Ben,Lee,https://linkedin.com/in/ben-lee,,,,"))
    assert [(c.line, c.organization, c.at) for c in found.contacts] == [
        (6, "Acme\r\nEurope", datetime(2020, 4, 1, tzinfo=UTC)), (7, None, None)]


@pytest.mark.parametrize(("text", "message"), [
    ("Name,Email\r\nAna,ana@example.com\r\n", "not LinkedIn's Connections.csv"),
    (PREAMBLE + HEADER + "\r\n", "no connections: it has the header and no rows"),
    (csv_text(",,,,,,"), "no connections"),
    (csv_text(",,,,Acme,CEO,1 Apr 2020"), "all 1 row(s) were skipped (first: line 5, no name"),
])
def test_a_file_that_yields_nobody_is_an_error_that_says_why(text: str, message: str) -> None:
    with pytest.raises(ImportFileError, match=re.escape(message)):
        linkedin.parse(text)


@pytest.mark.parametrize(("row", "message"), [
    ("Ana,Ruiz,https://linkedin.com/in/ana-r,,Acme,CEO,2021-03-12", "Connected On '2021-03-12'"),
    ("Ana,Ruiz,https://linkedin.com/in/ana-r,,Acme,CEO,31 Foo 2021", "not a date"),
    ("Ana,Ruiz,https://linkedin.com/in/ana-r,,Acme, Inc,CEO,1 Apr 2020", "8 fields"),
    ("Ana,Ruiz,https://linkedin.com/in/ana-r,not-an-email,Acme,CEO,1 Apr 2020",
     "not an e-mail"),
    ("Ana,Ruiz,https://example.com/ana,,Acme,CEO,1 Apr 2020", "not a LinkedIn profile"),
])
def test_a_bad_row_stops_with_its_line_and_what_is_wrong(row: str, message: str) -> None:
    text = csv_text("Ben,Lee,https://linkedin.com/in/ben-lee,,,,1 Apr 2020", row)
    with pytest.raises(ImportFileError, match=message) as raised:
        linkedin.parse(text)
    assert raised.value.line == 6 and raised.value.message.startswith("Line 6: ")
    assert raised.value.message.endswith("Nothing was written.")


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(csv_text().encode() + "Zoë,X,,,,,\r\n".encode("latin-1"))
    with pytest.raises(ImportFileError, match="Line 5: the file is not UTF-8"):
        linkedin.read(path)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_connections_are_found_anywhere_in_the_archive() -> None:
    text = csv_text("Ben,Lee,https://linkedin.com/in/ben-lee,,,,1 Apr 2020").encode()
    data = _zip({"Profile.csv": b"x", "export/CONNECTIONS.CSV": text})
    assert linkedin.connections_from_zip(data) == text


def test_an_archive_without_connections_says_so() -> None:
    with pytest.raises(ImportFileError, match=r"holds no Connections\.csv"):
        linkedin.connections_from_zip(_zip({"Profile.csv": b"x"}))


def test_a_zip_bomb_is_refused_by_its_ratio() -> None:
    bomb = _zip({"Connections.csv": b"\0" * (20 * 1024 * 1024)})  # ~1000:1
    assert len(bomb) < 100_000
    with pytest.raises(ImportFileError, match="possible zip bomb"):
        linkedin.connections_from_zip(bomb)


def test_the_size_cap_holds_even_when_the_archive_lies(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linkedin, "MAX_UNCOMPRESSED", 4096)
    data = bytearray(_zip({"Connections.csv": bytes(range(256)) * 64}))  # 16 KiB, random-ish
    # rewrite the sizes both headers declare to 100 bytes: only what is inflated counts
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (100).to_bytes(4, "little")
    data[22:26] = (100).to_bytes(4, "little")
    with pytest.raises(ImportFileError, match=r"possible zip bomb|damaged"):
        linkedin.connections_from_zip(bytes(data))
