"""What importing a file as one person would do, decided before anything is written (the
dry run shows it; applying writes exactly it).

Each contact is matched on its identifiers (LinkedIn profile first, then e-mail, then
phone) against the people already here and the file's earlier rows:
- **matched**: the identifiers it has name one person (and which identifier did);
- **new**: they name nobody: the person is registered, with the contact's identifiers;
- **ambiguous**: they name two or more people: nobody is created or tied (merge the
  people first, or set their identifiers apart);
- the importer themself, and a second row of someone already in the file, are skipped.
Every person matched or new gets a tie with the importer unless they have one already.

A file that carries each person's own current profile (LinkedIn: the Company and Position
people write themselves; `ContactFile.profiles_current`) also brings a matched person's
headline and organization up to date — a **profile update** — but only a field they have
not set themself (`Directory.profile`); an address book is the importer's notes, so it
never changes anyone's profile.

A calendar (`plan_meetings`) registers nobody: each occurrence is a meeting between the
importer and each attendee here (by e-mail), unless the importer declined it; attendees
nobody here carries are counted, not created. Every meeting has an idempotency key of its
occurrence and counterpart, so a rerun finds it recorded (**meetings existing**)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal
from uuid import uuid4

from domain.contacts.contact import Contact, ContactFile, Skipped
from domain.contacts.directory import IMPORT_UPDATE, PROFILE_FIELDS, Directory, Identifier
from domain.contacts.ical import EventFile, Occurrence
from domain.ids import idempotency_record_id, relationship_id

if TYPE_CHECKING:
    from domain.app import Goodwill

Outcome = Literal["new", "matched", "ambiguous"]


@dataclass(frozen=True)
class PersonStep:
    contact: Contact
    outcome: Outcome
    person: str | None  # the person matched or to be registered; None when ambiguous
    matched_on: Identifier | None = None
    candidates: tuple[str, ...] = ()  # the people an ambiguous contact could be
    tie_exists: bool = False

    @property
    def new_tie(self) -> bool:
        return self.person is not None and not self.tie_exists


@dataclass(frozen=True)
class ProfileStep:
    """A matched person's headline or organization as the file shows it, where it differs
    from theirs and they have not set it themself."""

    contact: Contact
    person: str
    changes: dict[str, tuple[str, str]]  # field → (as held, as the file shows it)
    key: str  # the idempotency key: importer, person, profile version, new values

    @property
    def line(self) -> int:
        return self.contact.line


@dataclass(frozen=True)
class MeetingStep:
    occurrence: Occurrence
    person: str  # the counterpart
    key: str  # the idempotency key of this occurrence with this counterpart
    exists: bool = False  # recorded by an earlier import

    @property
    def line(self) -> int:
        return self.occurrence.line


@dataclass
class ImportPlan:
    importer: str
    steps: list[PersonStep] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    meetings: list[MeetingStep] = field(default_factory=list)
    updates: list[ProfileStep] = field(default_factory=list)
    strangers: int = 0  # distinct attendee e-mails nobody here carries

    @property
    def meetings_new(self) -> list[MeetingStep]:
        return [m for m in self.meetings if not m.exists]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for s in self.steps if s.outcome == outcome)

    @property
    def ties_new(self) -> int:
        return sum(1 for s in self.steps if s.new_tie)

    @property
    def ties_existing(self) -> int:
        return sum(1 for s in self.steps if s.person is not None and s.tie_exists)

    @property
    def writes(self) -> list[PersonStep]:
        """The steps that record something (a registration, a tie, or both)."""
        return [s for s in self.steps if s.outcome == "new" or s.new_tie]


def plan(app: Goodwill, importer: str, found: ContactFile,
         directory: Directory | None = None) -> ImportPlan:
    app.get_person(importer).ensure_active()  # the importer exists and is not forgotten
    directory = directory or Directory.of(app)
    result = ImportPlan(importer=importer, skipped=list(found.skipped))
    first_line: dict[str, int] = {}  # person → the file's first line naming them
    for contact in found.contacts:
        step = _match(contact, directory)
        if step.person == importer:
            result.skipped.append(Skipped(contact.line, "this is the importing person"))
            continue
        if step.person is not None and step.person in first_line:
            result.skipped.append(Skipped(
                contact.line, f"the same person as line {first_line[step.person]}"))
            continue
        if step.outcome == "new":
            assert step.person is not None
            directory.hold(step.person, emails=contact.emails, phones=contact.phones,
                           profiles=contact.profiles)  # later rows match them
        elif step.outcome == "matched":
            person = step.person
            assert person is not None
            step = PersonStep(contact, "matched", person, step.matched_on,
                              tie_exists=_connected(app, importer, person, directory))
            if found.profiles_current:
                update = _profile_update(importer, contact, person, directory)
                if update is not None:
                    result.updates.append(update)
        if step.person is not None:
            first_line[step.person] = contact.line
        result.steps.append(step)
    result.skipped.sort(key=lambda s: s.line)
    return result


def _connected(app: Goodwill, a: str, b: str, directory: Directory) -> bool:
    """Whether the pair has a relationship — `b` or a record merged into `b`: one indexed
    read of its first stored event, without loading (and unsealing) the relationship."""
    return any(app.recorder.select_events(relationship_id(a, record), limit=1)
               for record in directory.records_of(b))


def _profile_update(importer: str, contact: Contact, person: str,
                    directory: Directory) -> ProfileStep | None:
    held = directory.profile(person)
    if held is None:
        return None
    shown = {"headline": contact.headline.strip(),
             "organization": (contact.organization or "").strip()}
    changes = {name: (held.value(name), shown[name]) for name in PROFILE_FIELDS
               if shown[name] and name not in held.own and shown[name] != held.value(name)}
    if not changes:
        return None
    digest = hashlib.sha256(json.dumps({n: new for n, (_, new) in sorted(changes.items())},
                                       ensure_ascii=False).encode()).hexdigest()[:16]
    # the profile's version too: a value coming back (A, then B, then A) is a new update
    key = f"{IMPORT_UPDATE}{importer}:{person}:{held.version}:{digest}"
    return ProfileStep(contact, person, changes, key)


def _match(contact: Contact, directory: Directory) -> PersonStep:
    people: dict[str, Identifier] = {}
    for identifier in contact.identifiers:
        for person in sorted(directory.people_with(identifier)):
            people.setdefault(person, identifier)
    if not people:
        return PersonStep(contact, "new", str(uuid4()))
    if len(people) > 1:
        return PersonStep(contact, "ambiguous", None, candidates=tuple(sorted(people)))
    [(person, identifier)] = people.items()
    return PersonStep(contact, "matched", person, identifier)


def plan_meetings(app: Goodwill, importer: str, found: EventFile,
                  directory: Directory | None = None) -> ImportPlan:
    app.get_person(importer).ensure_active()
    directory = directory or Directory.of(app)
    result = ImportPlan(importer=importer, skipped=list(found.skipped))
    strangers: set[str] = set()
    declined_lines: set[int] = set()
    tied: dict[str, bool] = {}
    for occurrence in found.occurrences:
        if any(importer in directory.people_with(("email", e)) for e in occurrence.declined):
            if occurrence.line not in declined_lines:  # a series: said once
                declined_lines.add(occurrence.line)
                result.skipped.append(Skipped(occurrence.line, "the importer declined it"))
            continue
        counterparts: dict[str, None] = {}
        for email in occurrence.attendees:
            people = directory.people_with(("email", email))
            if not people:
                strangers.add(email)
            elif len(people) == 1 and importer not in people:
                counterparts[next(iter(people))] = None
        for person in counterparts:
            if person not in tied:  # no tie yet: none of its meetings can be recorded
                tied[person] = _connected(app, importer, person, directory)
            key = f"ical:{occurrence.key}:{person}"
            result.meetings.append(MeetingStep(occurrence, person, key, exists=tied[person]
                                               and _recorded(app, importer, key)))
    result.strangers = len(strangers)
    result.skipped.sort(key=lambda s: s.line)
    return result


def _recorded(app: Goodwill, importer: str, key: str) -> bool:
    """Whether the importer already recorded a command with this key: one indexed read."""
    return bool(app.recorder.select_events(idempotency_record_id(importer, key), limit=1))
