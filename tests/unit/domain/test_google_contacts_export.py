"""Google Contacts CSV exports, in today's layout (First Name, Labels, E-mail 1 - Value …)
and the older one (Given Name, Group Membership, Organization 1 - Name …)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from domain.contacts import google
from domain.contacts.errors import ImportFileError

DATA = Path(__file__).parents[2] / "data" / "google"
HEADER = ("First Name,Middle Name,Last Name,Organization Name,Organization Title,Notes,Labels,"
          "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value")


def test_todays_layout_reads_every_field() -> None:
    found = google.read(DATA / "contacts.csv", region="PT")
    ana, juergen, taro, grace = found.contacts
    assert (ana.line, ana.name, ana.organization, ana.headline) == (
        4, "Ana Ruiz", "Northwind Logistics", "Head of Sales, EMEA")  # note, address: 3 lines
    assert ana.emails == ["ana.ruiz@northwind.example", "ana@home.example"]  # " ::: " joined
    assert ana.phones == ["+351912345678", "+351211234567"]  # the national one read as PT
    assert ana.profiles == ["linkedin.com/in/ana-ruiz-1a2b3c"]
    assert ana.tags == ["logistics", "Lisbon"]  # "* myContacts" is Google's, not a tag
    assert ana.note == 'Met at the port conference;\nwants introductions to "freight" insurers.'
    assert (juergen.name, juergen.tags, juergen.profiles) == (
        "Jürgen Müller", ["finance"], [])  # "* starred" left out; a homepage is no identifier
    assert (taro.name, taro.emails, taro.phones) == ("太郎 山田", ["taro.yamada@example.jp"], [])
    assert (grace.name, grace.organization, grace.tags) == (
        "Grace Okafor", "Okafor Freight", ["Friends"])  # only File As names her
    assert [(s.line, s.reason) for s in found.skipped] == [
        (6, "no e-mail, phone or LinkedIn profile to recognise them by")]
    assert [s.line for s in found.left_out] == [7]
    assert "太郎 山田: phone left out" in found.left_out[0].reason


def test_the_older_layout_reads_too() -> None:
    ben, ana = google.read(DATA / "contacts-older-layout.csv").contacts
    assert (ben.line, ben.name, ben.organization, ben.headline, ben.tags, ben.note) == (
        2, "Ben Okafor", "Okafor Freight", "Director", ["Clients"], "Old colleague")
    assert (ben.emails, ben.phones) == (["ben@okafor.example"], ["+447700900123"])
    assert (ana.name, ana.emails, ana.tags) == ("Ana Ruiz", ["ana@home.example"], [])


def test_without_a_region_national_numbers_are_left_out_and_said_so() -> None:
    found = google.read(DATA / "contacts.csv")
    assert found.contacts[0].phones == ["+351912345678"]
    assert any("21 123 4567" in s.reason and "needs a region" in s.reason
               for s in found.left_out)


@pytest.mark.parametrize(("text", "message"), [
    ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n",
     "Line 1: this is not a Google Contacts CSV"),
    ("BEGIN:VCARD\r\nEND:VCARD\r\n", "this is not a Google Contacts CSV"),
    (HEADER + "\r\n", "the file yields no contacts: it has the header and no rows"),
    (HEADER + "\r\nPizza,,,,,,* myContacts,,,,\r\n",
     "all 1 row(s) were skipped (first: line 2, no e-mail, phone or LinkedIn"),
])
def test_a_file_that_yields_nobody_is_an_error_that_says_why(text: str, message: str) -> None:
    with pytest.raises(ImportFileError, match=re.escape(message)):
        google.parse(text)


def test_a_row_with_the_wrong_number_of_fields_stops_with_its_line() -> None:
    text = (HEADER + "\r\nAna,,Ruiz,,,,,,ana@example.com,,\r\n"
            "Ben,,Okafor,Acme, Inc,,,,,ben@example.com,,\r\n")
    with pytest.raises(ImportFileError) as raised:
        google.parse(text)
    assert raised.value.line == 3
    assert "12 fields where the header has 11" in raised.value.message


def test_a_file_that_is_not_utf8_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes((HEADER + "\r\nJos\xe9,,Silva,,,,,,jose@example.com,,\r\n").encode("latin-1"))
    with pytest.raises(ImportFileError, match="Line 2: the file is not UTF-8"):
        google.read(path)
