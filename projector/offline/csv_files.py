"""Node and relationship files in `neo4j-admin database import`'s CSV format, written as the
records come (nothing is held in memory but one open file per kind of record).

Each file has its own header, with a type per column (`name:string`, `m:double`,
`kinds_at:datetime[]` …), so a file holds the records of one label or relationship type
whose properties have the same names and types: a record whose property is missing (null
in Cypher) or of another type goes to another file. Numbers and booleans keep the exact
type and value the projector's statements store (floats as `repr`, which Java parses back
to the same double).

Every field is quoted: a quoted empty field is an empty string (`--ignore-empty-strings`
is false by default). An empty list, though, is imported as no property at all, so empty
lists of nodes are left out of the files and listed in `ImportFiles.empty_lists`, to be set
after the import (`cypher/admin/offline_empty_lists.cypher`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

ARRAY_DELIMITER = "\x1f"  # the unit separator: no name, tag or id holds it
ARRAY_DELIMITER_OPTION = "U+001F"


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        # Neo4j stores no mixed lists; an empty one is read back as [] whatever its type
        inner = {_type_of(item) for item in value} or {"string"}
        if len(inner) != 1:
            raise TypeError(f"a list property mixes types: {sorted(inner)}")
        return f"{inner.pop()}[]"
    raise TypeError(f"no import type for {type(value).__name__}")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ARRAY_DELIMITER.join(_text(item) for item in value)
    return str(value)


@dataclass
class _File:
    path: Path
    handle: IO[str]
    writer: Any
    rows: int = 0


@dataclass
class ImportFiles:
    """The files of one import, by `--nodes=Label=…` / `--relationships=TYPE=…`."""

    folder: Path
    nodes: dict[str, list[Path]] = field(default_factory=dict)
    relationships: dict[str, list[Path]] = field(default_factory=dict)
    node_count: int = 0
    relationship_count: int = 0
    multiline: bool = False  # a value holds a line break: the import must allow that
    # {label, key, props: {name: []}} of the nodes with empty lists
    empty_lists: list[dict[str, Any]] = field(default_factory=list)

    def arguments(self) -> list[str]:
        """`neo4j-admin database import full` options for these files."""
        args = [f"--nodes={label}={path}" for label, paths in sorted(self.nodes.items())
                for path in paths]
        args += [f"--relationships={kind}={path}"
                 for kind, paths in sorted(self.relationships.items()) for path in paths]
        return [*args, f"--array-delimiter={ARRAY_DELIMITER_OPTION}",
                f"--multiline-fields={'true' if self.multiline else 'false'}"]


_Signature = tuple[tuple[str, type, type | None], ...]


def _signature(present: dict[str, Any]) -> _Signature:
    """The properties' names and Python types (a list's by its first item): records with
    the same signature share a file and its header."""
    return tuple((k, v.__class__, v[0].__class__ if v.__class__ is list else None)
                 for k, v in present.items())


def _converter(value: Any) -> Callable[[Any], str]:
    if isinstance(value, bool):
        return _text
    if isinstance(value, str):
        return str
    if isinstance(value, datetime):
        return datetime.isoformat
    if isinstance(value, float):
        return float.__repr__
    if isinstance(value, int):
        return int.__str__
    return _text


@dataclass
class _Layout:
    """One file's columns: the header, and how each value becomes text."""

    file: _File
    converters: list[Callable[[Any], str]]
    fixed: int  # leading fields given as text already (relationship ends)


class CsvWriter:
    """Appends nodes and relationships to typed CSV files under `folder`."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.files = ImportFiles(folder)
        self._layouts: dict[tuple[str, str, _Signature], _Layout] = {}
        self._open: list[_File] = []

    def node(self, label: str, id_space: str | None, key: str | None,
             props: dict[str, Any]) -> None:
        """A node with `label`; `key` (a property) is its id in `id_space` when given."""
        present = {k: v for k, v in props.items() if v is not None and v != []}
        if len(present) + sum(v is None for v in props.values()) != len(props):
            if key is None:
                raise ValueError(f"an empty list on a {label} node without a key")
            self.files.empty_lists.append({"label": label, "key": present[key], "props": {
                k: [] for k, v in props.items() if v == []}})
        layout = self._layout("node", label, present, id_space, key)
        self._write(layout, (), present.values())
        self.files.node_count += 1

    def relationship(self, kind: str, start_space: str, start: str, end_space: str, end: str,
                     props: dict[str, Any]) -> None:
        present = {k: v for k, v in props.items() if v is not None}
        if any(v == [] for v in present.values()):  # none today: kinds come with a kind
            raise ValueError(f"an empty list on a {kind} relationship cannot be imported")
        layout = self._layout("rel", kind, present, start_space, end_space)
        self._write(layout, (start, end), present.values())
        self.files.relationship_count += 1

    def _write(self, layout: _Layout, fixed: tuple[str, ...], values: Iterable[Any]) -> None:
        texts = [*fixed, *(convert(v) for convert, v in zip(layout.converters, values,
                                                            strict=True))]
        if not self.files.multiline:
            for text in texts:
                if "\n" in text or "\r" in text:
                    self.files.multiline = True
        layout.file.writer.writerow(texts)
        layout.file.rows += 1

    def _layout(self, what: str, name: str, present: dict[str, Any],
                first: str | None, second: str | None) -> _Layout:
        signature = _signature(present)
        known = self._layouts.get((what, name, signature))
        if known is not None:
            return known
        columns = [(k, _type_of(v)) for k, v in present.items()]
        listing = self.files.nodes if what == "node" else self.files.relationships
        paths = listing.setdefault(name, [])
        path = self.files.folder / f"{what}-{name}-{len(paths)}.csv"
        handle = path.open("w", newline="", encoding="utf-8")
        # every value is written as quoted text (see the module's docstring)
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        if what == "node":
            header = [f"{k}:ID({first})" if k == second and first else f"{k}:{t}"
                      for k, t in columns]
        else:
            header = [f":START_ID({first})", f":END_ID({second})",
                      *(f"{k}:{t}" for k, t in columns)]
        handle.write(",".join(header) + "\n")
        out = _File(path, handle, writer)
        self._open.append(out)
        paths.append(path)
        layout = self._layouts[(what, name, signature)] = _Layout(
            out, [_converter(v) for v in present.values()], 0 if what == "node" else 2)
        return layout

    def close(self) -> ImportFiles:
        for out in self._open:
            out.handle.close()
        self._open.clear()
        self._layouts.clear()
        return self.files
