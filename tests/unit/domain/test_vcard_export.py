"""vCard 3.0 and 4.0 address books as Apple, Google and Outlook write them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from domain.contacts import vcard
from domain.contacts.errors import ImportFileError

SAMPLE = Path(__file__).parents[2] / "data" / "vcard" / "contacts.vcf"


def test_the_sample_reads_every_field_of_both_versions() -> None:
    found = vcard.read(SAMPLE, region="PT")
    ana, juergen, taro = found.contacts
    assert (ana.line, ana.name, ana.organization, ana.headline) == (
        1, "Ana Ruiz", "Northwind Logistics", "Head of Sales, EMEA")
    assert ana.emails == ["ana.ruiz@northwind.example", "ana@home.example"]
    assert ana.phones == ["+351912345678", "+351211234567"]  # national one read as PT
    assert ana.profiles == ["linkedin.com/in/ana-ruiz-1a2b3c"]
    assert ana.tags == ["logistics", "Lisbon"]
    assert ana.note == ("Met at the port conference; wants introductions to freight "
                        "insurers.")  # a folded line, unfolded
    assert (juergen.line, juergen.name, juergen.phones, juergen.tags) == (
        18, "Jürgen Müller", ["+49301234567"], ["finance"])  # 4.0: tel: URI
    assert (taro.name, taro.phones) == ("山田 太郎", [])
    assert [(s.line, s.reason) for s in found.skipped] == [
        (27, "no e-mail, phone or LinkedIn profile to recognise them by")]
    assert [s.line for s in found.left_out] == [32]
    assert "phone left out" in found.left_out[0].reason


def test_without_a_region_national_numbers_are_left_out_and_said_so() -> None:
    found = vcard.read(SAMPLE)
    assert found.contacts[0].phones == ["+351912345678"]
    assert any("21 123 4567" in s.reason and "needs a region" in s.reason
               for s in found.left_out)


@pytest.mark.parametrize(("text", "message"), [
    ("Name,Email\r\nAna,ana@example.com\r\n", "not a vCard file"),
    ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pizza\r\nEND:VCARD\r\n",
     "no contacts: all 1 card(s) were skipped (first: line 1, no e-mail"),
])
def test_a_file_that_yields_nobody_is_an_error_that_says_why(text: str, message: str) -> None:
    with pytest.raises(ImportFileError, match=re.escape(message)):
        vcard.parse(text)


def test_a_broken_card_stops_with_its_line() -> None:
    text = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEMAIL:ana@example.com\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben\r\nEMAIL ben@example.com\r\nEND:VCARD\r\n")
    with pytest.raises(ImportFileError) as raised:
        vcard.parse(text)
    assert raised.value.line == 6
    assert raised.value.message == ("Line 6: the card starting here cannot be read (Failed "
                                    "to parse line: EMAIL ben@example.com). Nothing was "
                                    "written.")
