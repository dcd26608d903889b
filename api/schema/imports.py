"""`importFile`: a LinkedIn export, an address book, a Google Contacts CSV or a calendar
uploaded as a multipart request (the GraphQL multipart request spec), read, planned and —
unless `dryRun` — applied exactly as `goodwill import FORMAT FILE --as PERSON` does
(`api.import_contacts`, `domain.contacts`). A person imports as themself; an admin names
the importer."""

from __future__ import annotations

import asyncio
import tempfile
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.file_uploads import Upload

from api.auth import Role
from api.context import Info
from api.errors import ApiError
from api.permissions import ActsForPeople

if TYPE_CHECKING:
    from domain.contacts.apply import Applied
    from domain.contacts.contact import ContactFile
    from domain.contacts.ical import EventFile
    from domain.contacts.plan import ImportPlan

LISTED = 200  # rows listed per kind in the report; the counts cover all of them
CHUNK = 1 << 20


@strawberry.enum(description="What an uploaded file is.")
class ImportFormat(Enum):
    LINKEDIN = "linkedin"  # Connections.csv or the export ZIP
    VCARD = "vcard"
    GOOGLE = "google"  # Google Contacts CSV
    ICAL = "ical"


@strawberry.type(description="A row (or event) of the file and what became of it.")
class ImportNote:
    line: int
    reason: str


@strawberry.type(description="A row matched to a person already here, and on what.")
class ImportMatch:
    line: int
    name: str
    person: strawberry.ID
    matched_on: str = strawberry.field(description="linkedin, email or phone")
    value: str


@strawberry.type(description="A row whose identifiers name several people: not imported.")
class ImportAmbiguity:
    line: int
    name: str
    candidates: list[strawberry.ID]


@strawberry.type(description="What importing the file does (dryRun: would do). The lists "
                 f"hold at most {LISTED} rows each; the counts cover all of them.")
class ImportReport:
    dry_run: bool
    importer: strawberry.ID
    people_new: int
    people_matched: int
    people_ambiguous: int
    ties_new: int
    ties_existing: int
    meetings_new: int
    meetings_existing: int
    profiles_updated: int = strawberry.field(
        description="Matched people whose company or position the file (LinkedIn) brings up "
        "to date: fields they have not set themselves. Counted in a dry run too.")
    attendees_not_here: int = strawberry.field(
        description="Distinct attendee e-mails nobody here carries (calendars).")
    skipped: list[ImportNote]
    left_out: list[ImportNote] = strawberry.field(
        description="Parts of a row not taken (an e-mail that is not one, …).")
    matched: list[ImportMatch]
    ambiguous: list[ImportAmbiguity]
    people_registered: int = strawberry.field(description="0 in a dry run.")
    ties_recorded: int
    meetings_recorded: int


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Import an uploaded export as a person's network (multipart request: "
        "the file in `file`). A person imports as themself; an admin names `as`. `dryRun` "
        "reports what would be recorded and writes nothing. Rerunning the same file records "
        "nothing twice. Errors: IMPORT_FILE_TOO_LARGE, IMPORT_FILE_INVALID (with the line), "
        "IMPORT_LINE_FAILED (the batches before it are saved).",
        permission_classes=[ActsForPeople])
    async def import_file(
        self, info: Info, format: ImportFormat, file: Upload,
        as_: Annotated[strawberry.ID | None, strawberry.argument(
            name="as",
            description="The importing person (an id or @handle); a person's own by default."
        )] = None,
        dry_run: bool = False,
        region: Annotated[str | None, strawberry.argument(
            description="vcard, google: the country (ISO 3166, e.g. PT) of phone numbers "
            "written without +code.")] = None,
    ) -> ImportReport:
        services = info.context.services
        importer = _importer(info, as_)
        limit = services.settings.limits.max_upload_bytes
        with tempfile.TemporaryDirectory(prefix="goodwill-import-") as folder:
            path = Path(folder) / "upload"
            await _save(file, path, limit)
            return await asyncio.to_thread(_run, services.domain, format.value, path,
                                           importer, dry_run, region)


def _importer(info: Info, as_: str | None) -> str:
    from domain.imports import handle_id

    principal = info.context.viewer
    named = (handle_id(str(as_)) if str(as_).startswith("@") else str(as_)) if as_ else None
    if principal.role is Role.ADMIN:
        if named is None:
            raise ApiError("INVALID_INPUT", "Name the importing person: `as`.")
        return named
    assert principal.person_id is not None
    if named is not None and named != principal.person_id:
        raise ApiError("FORBIDDEN", "A person imports as themself; only admins name another.")
    return principal.person_id


async def _save(file: Any, path: Path, limit: int) -> None:
    """The upload into `path`, counted as it is read: over `limit` bytes is refused."""
    if not callable(getattr(file, "read", None)):  # a JSON value where a file was expected
        raise ApiError("INVALID_INPUT", "`file` is an upload: send the request as "
                       "multipart/form-data (the GraphQL multipart request spec).")
    size = 0
    with path.open("wb") as out:
        while chunk := await file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise ApiError("IMPORT_FILE_TOO_LARGE",
                               f"The file is over {limit:,} bytes; nothing was written.")
            out.write(chunk)


def _run(app: Any, kind: str, path: Path, importer: str, dry_run: bool,
         region: str | None) -> ImportReport:
    from api.import_contacts import plan_export, read_export
    from domain.contacts.apply import apply

    found = read_export(kind, path, region)
    planned = plan_export(app, importer, found)
    done = None if dry_run else apply(app, planned, source=kind)
    return _report(planned, found, done)


def _report(planned: ImportPlan, found: ContactFile | EventFile,
            done: Applied | None) -> ImportReport:
    matched = [s for s in planned.steps if s.outcome == "matched"][:LISTED]
    return ImportReport(
        dry_run=done is None, importer=strawberry.ID(planned.importer),
        people_new=planned.count("new"), people_matched=planned.count("matched"),
        people_ambiguous=planned.count("ambiguous"), ties_new=planned.ties_new,
        ties_existing=planned.ties_existing, meetings_new=len(planned.meetings_new),
        meetings_existing=len(planned.meetings) - len(planned.meetings_new),
        profiles_updated=len(planned.updates), attendees_not_here=planned.strangers,
        skipped=[ImportNote(line=s.line, reason=s.reason) for s in planned.skipped[:LISTED]],
        left_out=[ImportNote(line=s.line, reason=s.reason) for s in found.left_out[:LISTED]],
        matched=[ImportMatch(line=s.contact.line, name=s.contact.name,
                             person=strawberry.ID(str(s.person)),
                             matched_on=s.matched_on[0] if s.matched_on else "",
                             value=s.matched_on[1] if s.matched_on else "")
                 for s in matched],
        ambiguous=[ImportAmbiguity(line=s.contact.line, name=s.contact.name,
                                   candidates=[strawberry.ID(c) for c in s.candidates])
                   for s in planned.steps if s.outcome == "ambiguous"][:LISTED],
        people_registered=done.people if done else 0, ties_recorded=done.ties if done else 0,
        meetings_recorded=done.meetings if done else 0)
