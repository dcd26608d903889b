"""Importing history from a JSON Lines file: one command per line, through the same commands
and rules as the API, many lines per transaction (`Goodwill.batch()`).

    {"command": "register_person", "args": {"person_id": "@ana", "name": "Ana"}, "at": "2024-03-01"}
    {"command": "record_help", "actor": "@ben", "args": {"giver": "@ana", "receiver": "@ben"},
     "at": "2024-03-10T14:00:00Z", "as": "advice"}
    {"command": "thank", "actor": "@ben", "args": {"thanked": "@ana", "for_event": "#advice.event"}}

- `command`: a command of `domain.app.Goodwill` (`domain.declarations.commands()`, listed
  in docs/architecture.md); `args`: its fields.
- `actor`: who records the line, a person's id or @handle; without it, an admin.
- `at`: when it happened (ISO 8601 date or date-time; UTC unless an offset is given).
- `@handle` in an id field: a stable id derived from the handle, so a file can name people
  and groups without UUIDs. `as` names a line's result: `#name` is the id of the aggregate it
  created or changed (a referral, a group, …), `#name.event` the id of its event.
- Each line carries an idempotency key (`key`, or one derived from the line's text), so
  running the same file again writes nothing twice: a failed import is fixed and rerun.

A line that fails stops the import with its line number and the domain's error; the lines
before it are saved, nothing after it.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid5

from eventsourcing.utils import get_topic

from domain.actors import Actor
from domain.declarations import CommandSpec, commands
from domain.errors import ConcurrentUpdate, DomainError, InvalidInput
from domain.idempotency import IdempotencyRecord
from domain.service import Recorded

HANDLE_NAMESPACE = UUID("6f1d7c52-93b4-5e0a-8d4f-2b7e9c1a5f30")
LINE_FIELDS = frozenset({"command", "args", "actor", "at", "as", "key"})
Progress = Callable[[int, int], None]  # (lines done, lines in total)

if TYPE_CHECKING:  # the application is passed in, never built here
    from domain.app import Goodwill


class ImportLineError(DomainError):
    """A line of an import could not be applied; `line` says which, `cause` why."""

    code = "IMPORT_LINE_FAILED"

    def __init__(self, line: int, cause: DomainError, imported: int | None) -> None:
        """`imported`: how many lines were saved before it; None when the file was being
        checked and nothing was written."""
        outcome = ("Nothing was written." if imported is None else
                   f"The {imported} line(s) before it are saved; fix the line and run the "
                   "same import again (saved lines are not written twice).")
        super().__init__(f"Line {line}: {cause.message} ({cause.code}). {outcome}",
                         line=str(line), cause=cause.code)
        self.line = line
        self.cause = cause
        self.imported = imported


@dataclass(frozen=True)
class Line:
    number: int
    command: str
    args: dict[str, Any]
    actor: str | None
    at: datetime | None
    name: str | None
    key: str


@dataclass
class ImportResult:
    lines: int
    events: int  # new domain events (the lines' idempotency records not counted)
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def handle_id(handle: str) -> str:
    """The id an @handle stands for (the same in every import)."""
    return str(uuid5(HANDLE_NAMESPACE, handle.removeprefix("@")))


def parse(text_lines: Iterable[str]) -> Iterator[Line]:
    """The file's lines as commands (blank lines and lines starting with // are skipped)."""
    seen: Counter[str] = Counter()
    for number, raw in enumerate(text_lines, start=1):
        text = raw.strip()
        if not text or text.startswith("//"):
            continue
        try:
            line = _parse_line(number, text, seen)
        except DomainError as error:
            raise ImportLineError(number, error, imported=None) from None
        yield line


def _parse_line(number: int, text: str, seen: Counter[str]) -> Line:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"not a JSON object ({error.msg})") from None
    if not isinstance(data, dict):
        raise InvalidInput("each line is one JSON object")
    unknown = set(data) - LINE_FIELDS
    if unknown:
        raise InvalidInput(f"unknown field(s) {', '.join(sorted(unknown))}; a line has "
                           f"{', '.join(sorted(LINE_FIELDS))}")
    command = data.get("command")
    if not isinstance(command, str) or command not in commands():
        raise InvalidInput(f"unknown command {command!r}")
    args = data.get("args", {})
    if not isinstance(args, dict) or {"at", "idempotency_key"} & set(args):
        raise InvalidInput("args is an object of the command's arguments (at and key go "
                           "on the line itself)")
    for field in ("actor", "as", "key"):
        if data.get(field) is not None and not isinstance(data[field], str):
            raise InvalidInput(f"{field} is a text")
    seen[text] += 1  # identical lines are distinct events: number their occurrences
    digest = hashlib.sha256(f"{seen[text]}:{text}".encode()).hexdigest()[:32]
    return Line(number=number, command=command, args=args, actor=data.get("actor"),
                at=_instant(data.get("at")), name=data.get("as"),
                key=data.get("key") or f"import:{digest}")


def _instant(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput("at is an ISO 8601 date or date-time text")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"at {value!r} is not an ISO 8601 date or date-time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class Importer:
    """Applies parsed lines to `app` in batches; remembers `as` names across batches."""

    def __init__(self, app: Goodwill, batch: int = 500) -> None:
        self.app = app
        self.batch = batch
        self.names: dict[str, Recorded] = {}

    def run(self, lines: list[Line], progress: Progress | None = None) -> ImportResult:
        started, before = time.perf_counter(), self.app.max_notification_id()
        for start in range(0, len(lines), self.batch):
            chunk = lines[start:start + self.batch]
            self._apply_chunk(chunk, imported=start)
            if progress:
                progress(start + len(chunk), len(lines))
        return ImportResult(lines=len(lines), events=self._domain_events_after(before),
                            seconds=time.perf_counter() - started)

    def _domain_events_after(self, position: int) -> int:
        head = self.app.max_notification_id()
        topic = get_topic(IdempotencyRecord.IdempotencyRecorded)
        records, start = 0, position + 1
        while start <= head:
            page = self.app.recorder.select_notifications(
                start=start, limit=10_000, stop=head, topics=[topic])
            if not page:
                break
            records += len(page)
            start = page[-1].id + 1
        return head - position - records

    def _apply_chunk(self, chunk: list[Line], imported: int) -> None:
        for _attempt in range(3):
            names = dict(self.names)
            try:
                with self.app.batch():
                    for line in chunk:
                        self._apply(line, names)
            except ConcurrentUpdate:
                continue  # another writer got in first: decide the batch again
            except DomainError:
                break  # find the failing line one by one, saving the lines before it
            self.names = names
            return
        for offset, line in enumerate(chunk):
            try:
                self._apply(line, self.names)
            except DomainError as error:
                raise ImportLineError(line.number, error, imported + offset) from None

    def _apply(self, line: Line, names: dict[str, Recorded]) -> None:
        actor = Actor.admin() if line.actor is None else Actor.person(
            self._resolve(line.actor, names))
        spec = commands()[line.command]
        args = {k: self._resolve_field(spec, k, v, names) for k, v in line.args.items()}
        recorded = getattr(self.app, line.command)(
            actor, at=line.at, idempotency_key=line.key, **args)
        if line.name:
            names[line.name] = recorded

    def _resolve_field(self, spec: CommandSpec, field: str, value: Any,
                       names: dict[str, Recorded]) -> Any:
        """@handles and #names in the fields that hold ids; other fields as they are (an
        unknown field is refused by the command, with the fields it takes)."""
        if field not in spec.names or spec.field(field).ref is None:
            return value
        if isinstance(value, list):
            return [self._resolve(v, names) if isinstance(v, str) else v for v in value]
        return self._resolve(value, names) if isinstance(value, str) else value

    @staticmethod
    def _resolve(value: str, names: dict[str, Recorded]) -> str:
        if value.startswith("@"):
            return handle_id(value)
        if value.startswith("#"):
            name, _, part = value[1:].partition(".")
            if name not in names or part not in ("", "event"):
                raise InvalidInput(f"{value} names no earlier line (mark one with \"as\": "
                                   f"\"{name}\"; use #{name} or #{name}.event)")
            recorded = names[name]
            return str(recorded.event_id if part else recorded.aggregate_id)
        return value
