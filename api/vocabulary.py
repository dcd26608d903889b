"""The command and event vocabulary as Markdown tables, generated from the declarations
(`domain.declarations`) into `docs/architecture.md` between marker comments; a test fails
when the file and the declarations disagree (`goodwill docs --write` updates it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from strawberry.utils.str_converters import to_camel_case

from domain.declarations import Field, commands, events

DOCS_FILE = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"


def _field(field: Field) -> str:
    text = f"`{field.name}`: {field.type_text()}"
    if not field.required:
        text += (f" = `{json.dumps(field.default)}`" if field.default is not None
                 else " (optional)")
    if field.personal:
        text += f" · personal ({', '.join(field.personal)})"
    return text + (f" — {field.doc}" if field.doc else "")


def commands_table() -> str:
    rows = ["| command | GraphQL mutation | fields | may issue (and admins) |",
            "|---|---|---|---|"]
    for name, spec in commands().items():
        fields = "<br>".join(_field(f) for f in spec.fields) or "—"
        rows.append(f"| `{name}` ({spec.aggregate.__name__}): {spec.doc} "
                    f"| `{to_camel_case(name)}` | {fields} | {spec.issuer.describe()} |")
    return "\n".join(rows)


def events_table() -> str:
    rows = ["| aggregate | event | fields |", "|---|---|---|"]
    for event in events():
        fields = "<br>".join(_field(f) for f in event.fields) or "—"
        rows.append(f"| {event.aggregate} | `{event.name}` | {fields} |")
    return "\n".join(rows)


SECTIONS = {"commands": commands_table, "events": events_table}


def updated(text: str) -> str:
    """`text` with every generated section rendered afresh."""
    for name, render in SECTIONS.items():
        pattern = re.compile(
            rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.DOTALL)
        found = pattern.search(text)
        if found is None:
            raise ValueError(f"no generated:{name} section in the docs")
        text = (text[:found.start()] + found.group(1) + render() + "\n" + found.group(2)
                + text[found.end():])
    return text
