"""importFile over real HTTP: a multipart upload (the GraphQL multipart request spec) to
uvicorn, previewed, applied as the signed-in person, rerun, refused when too large or when
a person names someone else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpserver import Server

from api.auth import Role
from api.settings import Limits

pytestmark = pytest.mark.neo4j

DATA = Path(__file__).parents[1] / "data"
REPORT = """mutation($format: ImportFormat!, $file: Upload!, $as: ID, $dry: Boolean!,
                     $region: String) {
  importFile(format: $format, file: $file, as: $as, dryRun: $dry, region: $region) {
    dryRun importer peopleNew peopleMatched tiesNew tiesExisting meetingsNew meetingsExisting
    profilesUpdated attendeesNotHere skipped { line reason } leftOut { line reason }
    matched { line name person matchedOn value }
    peopleRegistered tiesRecorded meetingsRecorded
  }
}"""


def upload(server: Server, token: str, name: str, content: bytes,
           **variables: Any) -> dict[str, Any]:
    operations = {"query": REPORT, "variables": {"file": None, "dry": False, **variables}}
    response = httpx.post(
        f"{server.url}/graphql", headers={"Authorization": f"Bearer {token}"},
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, content, "application/octet-stream")}, timeout=60)
    assert response.status_code in (200, 413), response.text
    return response.json()


def ok(body: dict[str, Any]) -> dict[str, Any]:
    assert not body.get("errors"), body["errors"]
    return body["data"]["importFile"]


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or []]


def register(server: Server, name: str, emails: list[str] | None = None) -> str:
    response = httpx.post(f"{server.url}/graphql", json={
        "query": "mutation($n: String!, $e: [String!]) { registerPerson(name: $n, emails: $e)"
                 " { recorded { aggregateId } } }", "variables": {"n": name, "e": emails}},
        headers={"Authorization": f"Bearer {server.token()}"}, timeout=30)
    assert not response.json().get("errors"), response.text
    return response.json()["data"]["registerPerson"]["recorded"]["aggregateId"]


def test_a_linkedin_export_is_previewed_then_applied_as_the_signed_in_person(
        server: Server) -> None:
    hugo = register(server, "Hugo Silva")
    as_hugo = server.token(Role.PERSON, hugo)
    archive = (DATA / "linkedin" / "Basic_LinkedInDataExport_03-14-2025.zip").read_bytes()
    preview = ok(upload(server, as_hugo, "export.zip", archive, format="LINKEDIN", dry=True))
    assert (preview["dryRun"], preview["importer"], preview["peopleNew"],
            preview["peopleRegistered"]) == (True, hugo, 5, 0)
    assert preview["tiesNew"] == 5 and preview["skipped"]
    applied = ok(upload(server, as_hugo, "export.zip", archive, format="LINKEDIN"))
    assert (applied["dryRun"], applied["peopleRegistered"], applied["tiesRecorded"]) == (
        False, 5, 5)
    again = ok(upload(server, as_hugo, "export.zip", archive, format="LINKEDIN"))
    assert (again["peopleMatched"], again["tiesExisting"], again["peopleRegistered"],
            again["tiesRecorded"]) == (5, 5, 0, 0)
    assert {m["matchedOn"] for m in again["matched"]} <= {"linkedin", "email"}


def test_a_later_export_with_a_new_company_is_previewed_as_a_profile_update(
        server: Server) -> None:
    hugo = register(server, "Hugo Silva")
    as_hugo = server.token(Role.PERSON, hugo)
    march = (DATA / "linkedin" / "Connections.csv").read_bytes()
    ok(upload(server, as_hugo, "Connections.csv", march, format="LINKEDIN"))
    june = march.replace(b"Northwind Logistics", b"Brightwave")
    preview = ok(upload(server, as_hugo, "Connections.csv", june, format="LINKEDIN", dry=True))
    assert (preview["profilesUpdated"], preview["tiesNew"]) == (1, 0)
    assert ok(upload(server, as_hugo, "Connections.csv", june,
                     format="LINKEDIN"))["profilesUpdated"] == 1
    assert ok(upload(server, as_hugo, "Connections.csv", june, format="LINKEDIN",
                     dry=True))["profilesUpdated"] == 0


def test_a_calendar_is_uploaded_as_meetings(server: Server) -> None:
    hugo = register(server, "Hugo Silva", ["hugo@example.com"])
    register(server, "Ana Ruiz", ["ana.ruiz@northwind.example"])
    register(server, "Ben Okafor", ["ben.okafor@example.com"])
    calendar = (DATA / "ical" / "google.ics").read_bytes()
    applied = ok(upload(server, server.token(), "calendar.ics", calendar, format="ICAL",
                        **{"as": hugo}))  # an admin names the importer
    assert (applied["importer"], applied["meetingsNew"], applied["meetingsRecorded"],
            applied["attendeesNotHere"]) == (hugo, 5, 5, 1)
    assert {"line": 81, "reason": "cancelled"} in applied["skipped"]
    again = ok(upload(server, server.token(Role.PERSON, hugo), "calendar.ics", calendar,
                      format="ICAL"))
    assert (again["meetingsExisting"], again["meetingsRecorded"]) == (5, 0)


def test_a_person_cannot_import_as_someone_else_nor_an_admin_as_nobody(
        server: Server) -> None:
    hugo, ana = register(server, "Hugo Silva"), register(server, "Ana Ruiz")
    cards = (DATA / "vcard" / "contacts.vcf").read_bytes()
    refused = upload(server, server.token(Role.PERSON, hugo), "c.vcf", cards, format="VCARD",
                     **{"as": ana})
    assert codes(refused) == ["FORBIDDEN"]
    assert codes(upload(server, server.token(), "c.vcf", cards, format="VCARD")) == [
        "INVALID_INPUT"]
    analyst = upload(server, server.token(Role.ANALYST), "c.vcf", cards, format="VCARD")
    assert codes(analyst) == ["FORBIDDEN"]


def test_a_bad_file_is_refused_with_its_line_and_writes_nothing(server: Server) -> None:
    hugo = register(server, "Hugo Silva")
    bad = b"First Name,Last Name,E-mail 1 - Value\r\nAna,Ruiz,ana@example.com,extra\r\n"
    body = upload(server, server.token(Role.PERSON, hugo), "contacts.csv", bad,
                  format="GOOGLE")
    assert codes(body) == ["IMPORT_FILE_INVALID"]
    assert body["errors"][0]["message"].startswith("Line 2: 4 fields where the header has 3")


def test_a_file_over_the_upload_limit_is_refused_with_a_code(server: Server) -> None:
    hugo = register(server, "Hugo Silva")
    too_large = b"x" * (Limits().max_upload_bytes + 1)
    body = upload(server, server.token(Role.PERSON, hugo), "big.csv", too_large,
                  format="GOOGLE")
    assert codes(body) == ["IMPORT_FILE_TOO_LARGE"]
    far_too_large = b"x" * (Limits().max_upload_bytes + 1024 * 1024)  # past the body's cap
    assert codes(upload(server, server.token(Role.PERSON, hugo), "big.csv", far_too_large,
                        format="GOOGLE")) == ["PAYLOAD_TOO_LARGE"]


def test_a_json_value_where_the_file_goes_is_refused(server: Server) -> None:
    hugo = register(server, "Hugo Silva")
    response = httpx.post(f"{server.url}/graphql", json={
        "query": REPORT, "variables": {"format": "VCARD", "file": "BEGIN:VCARD", "dry": True}},
        headers={"Authorization": f"Bearer {server.token(Role.PERSON, hugo)}"}, timeout=30)
    assert codes(response.json()) == ["INVALID_INPUT"]
