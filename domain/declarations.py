"""Commands and events as data.

A command is declared once, by its decision: a method of a command module decorated with
`@command(...)`, whose keyword parameters ARE the command's fields (type, default, and in
`Annotated` metadata its doc, what it refers to and whose personal data it is). The
decorator adds who may issue it. From that one declaration come the `Goodwill` method,
the GraphQL mutation, the `goodwill import` vocabulary, the docs tables and the auth
matrix's list of cases.

    class RelationshipCommands(Service):
        aggregate = Relationship

        @command("Record a meeting between two people.", issuer=Participant("a", "b"))
        def record_meeting(self, actor: Actor, stamp: Stamp, *, a: PersonId, b: PersonId,
                           context: Annotated[str, Personal(PAIR)] = "") -> Changed: ...

Events are declared by their aggregate classes; their text fields carry `Personal(...)`
or `Plain()` marks the same way (`events()` lists them)."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, cached_property
from types import MappingProxyType, NoneType, UnionType
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    Literal,
    TypeAlias,
    get_args,
    get_origin,
    overload,
)

from eventsourcing.domain import Aggregate

from domain.actors import Actor
from domain.base import GoodwillEvent
from domain.errors import InvalidInput
from domain.idempotency import arguments_hash
from domain.ids import as_id

if TYPE_CHECKING:  # the command loop imports the aggregates, which import these marks
    from domain.service import Recorded

# -- field metadata -------------------------------------------------------------------------

SUBJECT = "subject"  # the person the aggregate is (a Person's own events)
PAIR = "pair"  # both people of the relationship


@dataclass(frozen=True)
class Doc:
    text: str


@dataclass(frozen=True)
class Ref:
    """The field holds the id of a `kind` (person, introduction, referral, group, event)."""

    kind: str


@dataclass(frozen=True)
class Personal:
    """Personal data about the people named by these fields (or SUBJECT / PAIR)."""

    whose: tuple[str, ...]

    def __init__(self, *whose: str) -> None:
        object.__setattr__(self, "whose", whose)


@dataclass(frozen=True)
class Plain:
    """A text field decided to hold no personal data (a currency, a kind, a role)."""


@dataclass(frozen=True)
class Choice:
    """A closed set of words (the field is a `Literal`), named `name` in GraphQL."""

    name: str


PersonId: TypeAlias = Annotated[str, Ref("person")]
IntroductionId: TypeAlias = Annotated[str, Ref("introduction")]
ReferralId: TypeAlias = Annotated[str, Ref("referral")]
GroupId: TypeAlias = Annotated[str, Ref("group")]
EventId: TypeAlias = Annotated[str, Ref("event")]
# The person a command is for, when it is the acting person unless named (see Themself).
ForWhom: TypeAlias = Annotated[PersonId | None, Doc("Default: the acting person.")]

Changed: TypeAlias = Sequence[Aggregate]

_REQUIRED: Any = inspect.Parameter.empty


@dataclass(frozen=True)
class Field:
    """One field of a command or an event."""

    name: str
    type: Any  # without Annotated: str, bool, float, list[str], Literal[...], X | None …
    default: Any = _REQUIRED
    doc: str = ""
    ref: str | None = None
    personal: tuple[str, ...] | None = None
    plain: bool = False
    choice: str | None = None

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    @property
    def optional(self) -> bool:
        """None is a value of the field."""
        return NoneType in get_args(self.type)

    @property
    def base(self) -> Any:
        """The type without `| None`."""
        if isinstance(self.type, UnionType) or get_origin(self.type) is typing.Union:
            return next(a for a in get_args(self.type) if a is not NoneType)
        return self.type

    @property
    def is_list(self) -> bool:
        return get_origin(self.base) is list

    @property
    def words(self) -> tuple[str, ...]:
        """The words of a Choice field."""
        return get_args(self.base) if get_origin(self.base) is Literal else ()

    def normalise(self, value: Any) -> Any:
        """Ids in their canonical form; everything else as given (the aggregates check it)."""
        if self.ref is None or value is None:
            return value
        what = "person" if self.name in ("a", "b") else self.name.replace("_", " ")
        if self.ref == "event":
            what = "event"
        if self.is_list:
            if isinstance(value, str) or not isinstance(value, list | tuple):
                raise InvalidInput(f"{self.name} must be a list of ids.")
            return [as_id(item, f"{self.ref} id on the {what}") for item in value]
        return as_id(value, f"{what} id")

    def type_text(self) -> str:
        """The type as the docs show it."""
        if self.words:
            text = " / ".join(f'"{w}"' for w in self.words)
        elif self.ref:
            text = f"list of {self.ref} ids" if self.is_list else f"{self.ref} id"
        else:
            text = _type_name(self.base)
        return f"{text} or null" if self.optional else text


def _type_name(value: Any) -> str:
    if get_origin(value) is list:
        return f"list of {_type_name(get_args(value)[0])}"
    return {str: "text", bool: "true/false", float: "number", int: "integer",
            datetime: "date-time"}.get(value, getattr(value, "__name__", str(value)))


def field_of(name: str, hint: Any, default: Any = _REQUIRED) -> Field:
    """A Field from a type hint, reading the Annotated metadata; nested Annotated (an alias
    inside `X | None`, an alias given a doc of its own) flattens, the outer mark winning."""
    metadata: list[Any] = []
    hint = _strip(hint, metadata)
    found: dict[type, Any] = {}
    for mark in metadata:  # outermost first
        found.setdefault(type(mark), mark)
    return Field(
        name=name, type=hint, default=default,
        doc=found[Doc].text if Doc in found else "",
        ref=found[Ref].kind if Ref in found else None,
        personal=found[Personal].whose if Personal in found else None,
        plain=Plain in found,
        choice=found[Choice].name if Choice in found else None,
    )


def _strip(hint: Any, metadata: list[Any]) -> Any:
    """`hint` without Annotated layers; their metadata appended to `metadata`."""
    if get_origin(hint) is Annotated:
        inner, *marks = get_args(hint)
        metadata.extend(marks)
        return _strip(inner, metadata)
    if isinstance(hint, UnionType) or get_origin(hint) is typing.Union:
        parts = tuple(_strip(part, metadata) for part in get_args(hint))
        return typing.Union[parts]  # noqa: UP007 — built at run time
    if get_origin(hint) is list:  # a list of ids: the marks of its items are the field's
        return list[_strip(get_args(hint)[0], metadata)]  # type: ignore[misc]
    return hint


# -- who may issue a command ----------------------------------------------------------------


class Issuer:
    """Who may issue a command. Admin (and the system) may issue every command."""

    anyone: ClassVar[bool] = False

    def describe(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Anyone(Issuer):
    anyone: ClassVar[bool] = True

    def describe(self) -> str:
        return "any person"


@dataclass(frozen=True)
class Themself(Issuer):
    """The person named by `field`, which defaults to the acting person: resolved before
    the decision, so the decision sees whom the command is for."""

    field: str

    def describe(self) -> str:
        return f"the {self.field} themself (default: the acting person)"


@dataclass(frozen=True)
class Participant(Issuer):
    """One of the two people the command is about (checked by the decision, with the rest
    of what a relationship requires)."""

    first: str
    second: str
    also: str = ""

    def describe(self) -> str:
        return f"{self.first} or {self.second}" + (f", {self.also}" if self.also else "")


@dataclass(frozen=True)
class HolderOf(Issuer):
    """Whoever holds a part in the aggregate the command names (the broker of an
    introduction, the receiver of a referral, the leader of a group): checked by the
    decision, which loads it."""

    who: str

    def describe(self) -> str:
        return self.who


# -- commands -------------------------------------------------------------------------------

Decision = Callable[..., Changed]
COMMON = ("at", "idempotency_key")  # every command takes these besides its fields


@dataclass(frozen=True, eq=False)
class CommandSpec:
    name: str
    doc: str
    issuer: Issuer
    decide: Decision
    owner: type  # the command module's class; its `aggregate` is the main aggregate

    @property
    def aggregate(self) -> type[Aggregate]:
        return self.owner.aggregate  # type: ignore[attr-defined]

    @cached_property
    def fields(self) -> tuple[Field, ...]:
        hints = typing.get_type_hints(self.decide, include_extras=True)
        params = inspect.signature(self.decide).parameters.values()
        return tuple(field_of(p.name, hints[p.name], p.default) for p in params
                     if p.kind is inspect.Parameter.KEYWORD_ONLY)

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def bind(self, args: dict[str, Any]) -> dict[str, Any]:
        """Every field's value (defaults filled in, ids canonical); unknown or missing
        arguments are a clear error."""
        unknown = sorted(set(args) - set(self.names))
        if unknown:
            raise InvalidInput(f"{self.name} takes {', '.join(self.names) or 'no arguments'}; "
                               f"not {', '.join(unknown)}.")
        values = {}
        for f in self.fields:
            if f.name not in args and f.required:
                raise InvalidInput(f"{self.name} needs {f.name}.")
            values[f.name] = f.normalise(args.get(f.name, f.default))
        return values


class command:
    """Declares the decorated decision as a command; on an instance it is the command
    method `(actor, *, <fields>, at=None, idempotency_key=None) -> Recorded`."""

    def __init__(self, doc: str, *, issuer: Issuer) -> None:
        self.doc = doc
        self.issuer = issuer
        self.spec: CommandSpec | None = None
        self._decide: Decision | None = None

    def __call__(self, decide: Decision) -> command:
        self._decide = decide
        return self

    def __set_name__(self, owner: type, name: str) -> None:
        assert self._decide is not None and self._decide.__name__ == name
        self.spec = CommandSpec(name=name, doc=self.doc, issuer=self.issuer,
                                decide=self._decide, owner=owner)

    @overload
    def __get__(self, app: None, owner: type) -> command: ...

    @overload
    def __get__(self, app: object, owner: type | None = None) -> Callable[..., Recorded]: ...

    def __get__(self, app: Any, owner: type | None = None) -> Any:
        if app is None:
            return self
        spec = self.spec
        assert spec is not None

        def issue(actor: Actor, *, at: datetime | None = None,
                  idempotency_key: str | None = None, **args: Any) -> Recorded:
            values = spec.bind(args)
            if isinstance(spec.issuer, Themself) and isinstance(actor, Actor):
                field = spec.issuer.field
                values[field] = app._on_behalf(actor, values[field], field)
            fingerprint = (arguments_hash(spec.name, values)
                           if idempotency_key is not None else None)
            return app._run(spec.name, actor, at=at, idempotency_key=idempotency_key,
                            decide=lambda stamp: spec.decide(app, actor, stamp, **values),
                            arguments=fingerprint)

        issue.__name__ = issue.__qualname__ = spec.name
        issue.__doc__ = spec.doc
        return issue


@cache
def commands() -> Mapping[str, CommandSpec]:
    """Every command of the application, by name: module by module in the order the
    application lists them, each in the order of its declarations."""
    from domain.app import Goodwill

    return MappingProxyType({value.spec.name: value.spec for module in Goodwill.__mro__
                             for value in vars(module).values()
                             if isinstance(value, command) and value.spec is not None})


# -- events ---------------------------------------------------------------------------------

ENVELOPE = ("at", "recorded_by", "idempotency_key")  # on every event (see GoodwillEvent)
_LIBRARY = frozenset({"id", "originator_id", "originator_version", "timestamp",
                      "originator_topic"})


@dataclass(frozen=True)
class EventSpec:
    name: str
    aggregate: str
    cls: type[GoodwillEvent]
    fields: tuple[Field, ...]


def events() -> list[EventSpec]:
    """Every event of every aggregate, with its own fields (not the envelope)."""
    from domain.app import AGGREGATES

    return [EventSpec(event.__name__, aggregate.__name__, event, _event_fields(event))
            for aggregate in AGGREGATES for event in _events_of(aggregate)]


def _events_of(aggregate: type) -> Iterator[type[GoodwillEvent]]:
    for value in vars(aggregate).values():
        # "Event" is each aggregate's base; "Created" the library's default creation event,
        # which Goodwill never triggers (every aggregate has a creation event of its own).
        if (isinstance(value, type) and issubclass(value, GoodwillEvent)
                and value.__name__ not in ("Event", "Created")):
            yield value


def _event_fields(event: type) -> tuple[Field, ...]:
    hints = typing.get_type_hints(event, include_extras=True)
    own = [name for name in hints if name not in _LIBRARY and name not in ENVELOPE
           and not name.startswith("_") and get_origin(hints[name]) is not ClassVar]
    return tuple(field_of(name, hints[name]) for name in own)
