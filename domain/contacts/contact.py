"""A contact as read from a file, before it is matched to anyone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Contact:
    line: int  # where the file holds it (the record's last physical line)
    name: str
    headline: str = ""
    organization: str | None = None
    emails: list[str] = field(default_factory=list)  # normalised (domain.identifiers)
    phones: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    at: datetime | None = None  # when the importer connected with them
    tags: list[str] = field(default_factory=list)
    note: str = ""  # the importer's private note: kept as the tie's context

    @property
    def identifiers(self) -> list[tuple[str, str]]:
        return ([("linkedin", p) for p in self.profiles] + [("email", e) for e in self.emails]
                + [("phone", p) for p in self.phones])


@dataclass(frozen=True)
class Skipped:
    line: int
    reason: str


@dataclass(frozen=True)
class ContactFile:
    """What a file yielded: its contacts and the rows left out, with why."""

    contacts: list[Contact]
    skipped: list[Skipped]
    left_out: list[Skipped] = field(default_factory=list)  # parts of a contact not taken
    # Whether each contact's headline and organization are what the person keeps (LinkedIn:
    # they write them), so a later file's may update a profile (domain/contacts/plan.py).
    profiles_current: bool = False
