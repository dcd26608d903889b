"""Who is acting: a person (acts as themself) or one of two roles, admin and system, that may
record on behalf of others (imports, corrections, jobs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from domain.ids import as_id

ActorRole = Literal["person", "admin", "system"]


@dataclass(frozen=True)
class Actor:
    role: ActorRole
    person_id: str | None = None

    @classmethod
    def person(cls, person_id: UUID | str) -> Actor:
        return cls(role="person", person_id=as_id(person_id, "person id"))

    @classmethod
    def admin(cls) -> Actor:
        return cls(role="admin")

    @classmethod
    def system(cls) -> Actor:
        return cls(role="system")

    @property
    def recorded_by(self) -> str:
        """What goes into an event's `recorded_by`: the person id, or "admin" / "system"."""
        return self.person_id if self.person_id is not None else self.role

    @property
    def is_privileged(self) -> bool:
        """Admin and system may act on behalf of anyone; their records count as confirmed."""
        return self.role in ("admin", "system")

    def __post_init__(self) -> None:
        if self.role == "person" and self.person_id is None:
            raise ValueError("a person actor needs a person id")
        if self.role != "person" and self.person_id is not None:
            raise ValueError(f"the {self.role} role does not carry a person id")
