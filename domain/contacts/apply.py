"""Writing an import plan as the importing person, many steps per transaction.

Each batch of steps is one `Goodwill.batch()`: all or nothing. The file was read and
planned in full before the first batch, so a bad file writes nothing. A batch the domain
refuses (someone forgotten in the meantime, …) stops the import: the batches before it are
saved, and running the same import again resumes — its plan matches the people and ties
already saved, so it writes only what is still missing.

A profile update is recorded by the system role (a person may change only their own
profile), with an idempotency key naming the importer, the person, the profile's version
and the values: that key is how a later import knows the field was an import's, not the
person's own."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.actors import Actor
from domain.collection import fewer_collections
from domain.contacts.plan import ImportPlan, MeetingStep, PersonStep, ProfileStep
from domain.errors import ConcurrentUpdate, DomainError

if TYPE_CHECKING:
    from domain.app import Goodwill

Progress = Callable[[int, int], None]  # (steps done, steps in total)
Step = PersonStep | ProfileStep | MeetingStep
CONTEXT = {"linkedin": "LinkedIn connection"}


class ImportStepError(DomainError):
    code = "IMPORT_LINE_FAILED"

    def __init__(self, line: int, cause: DomainError, saved: int) -> None:
        super().__init__(
            f"Line {line}: {cause.message} ({cause.code}). The {saved} row(s) before its "
            "batch are saved; run the same import again to write the rest.",
            line=str(line), cause=cause.code)
        self.line, self.cause, self.saved = line, cause, saved


@dataclass(frozen=True)
class Applied:
    people: int  # registered
    ties: int  # connected
    seconds: float
    meetings: int = 0  # recorded
    profiles: int = 0  # updated


def apply(app: Goodwill, plan: ImportPlan, *, source: str = "linkedin", batch: int = 500,
          progress: Progress | None = None) -> Applied:
    """The plan's registrations and ties, its profile updates, then its meetings, `batch`
    steps a transaction."""
    steps: list[Step] = [*plan.writes, *plan.updates, *plan.meetings_new]
    actor = Actor.person(plan.importer)
    started = time.perf_counter()
    with fewer_collections():
        for start in range(0, len(steps), batch):
            chunk = steps[start:start + batch]
            _apply_chunk(app, actor, chunk, source, saved=start)
            if progress:
                progress(start + len(chunk), len(steps))
    return Applied(people=sum(1 for s in plan.writes if s.outcome == "new"),
                   ties=sum(1 for s in plan.writes if s.new_tie),
                   seconds=time.perf_counter() - started, meetings=len(plan.meetings_new),
                   profiles=len(plan.updates))


def _apply_chunk(app: Goodwill, actor: Actor, chunk: list[Step],
                 source: str, saved: int) -> None:
    for attempt in range(3):
        current = None
        try:
            with app.batch():
                for current in chunk:
                    _apply_step(app, actor, current, source)
            return
        except ConcurrentUpdate:
            if attempt == 2:
                raise
        except DomainError as error:
            raise ImportStepError(_line(current or chunk[0]), error, saved) from None


def _line(step: Step) -> int:
    return step.contact.line if isinstance(step, PersonStep) else step.line


def _apply_step(app: Goodwill, actor: Actor, step: Step, source: str) -> None:
    if isinstance(step, ProfileStep):
        changes = {name: new for name, (_, new) in step.changes.items()}
        app.update_profile(Actor.system(), person=step.person, idempotency_key=step.key,
                           **changes)
        return
    if isinstance(step, MeetingStep):
        meeting = step.occurrence
        app.record_meeting(actor, a=actor.person_id, b=step.person, context=meeting.summary,
                           at=meeting.at, idempotency_key=step.key)
        return
    contact, person = step.contact, step.person
    assert person is not None
    if step.outcome == "new":
        app.register_person(actor, person_id=person, name=contact.name,
                            headline=contact.headline, organization=contact.organization,
                            tags=contact.tags, emails=contact.emails, phones=contact.phones,
                            profiles=contact.profiles)
    if step.new_tie:
        app.connect(actor, a=actor.person_id, b=person, source="imported",
                    context=contact.note or CONTEXT.get(source, ""), at=contact.at)
