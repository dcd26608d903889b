"""Every setting of the model is documented, with its default, in docs/architecture.md's
configuration table and in the README's configuration paragraph, so they cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic_core import PydanticUndefined

import config
from config import Settings

ROOT = Path(__file__).resolve().parents[3]
ROW = re.compile(r"^\|\s*`(?P<names>[^|]+?)`\s*\|(?P<default>[^|]*)\|")


def documented_defaults() -> dict[str, str]:
    """Variable → its default cell, from the first table under '## Configuration'."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("\n## Configuration", 1)[1].split("\n## ", 1)[0]
    first_table = section.split("\n\n|", 1)[1].split("\n\n", 1)[0]
    rows: dict[str, str] = {}
    for line in ("|" + first_table).splitlines():
        if match := ROW.match(line):
            for name in match["names"].split("`, `"):
                rows[name] = match["default"].strip()
    return rows


def readme_configuration() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = text[text.index("\nConfiguration ("):].split("\n\n", 1)[0]
    return " ".join(paragraph.split())


def test_every_setting_is_in_the_docs_table_with_its_default() -> None:
    rows = documented_defaults()
    for name, variable in Settings.variables().items():
        assert variable in rows, f"{variable} ({name}) is missing from docs/architecture.md"
        default = Settings.model_fields[name].default
        assert default is not PydanticUndefined, f"{variable} needs a default"
        if default not in (None, ""):
            assert f"`{default}`" in rows[variable], (variable, rows[variable])
    assert config.ENV_FILE_VARIABLE in rows
    assert set(rows) == {*Settings.variables().values(), config.ENV_FILE_VARIABLE}


def test_every_setting_is_in_the_readme() -> None:
    paragraph = readme_configuration()
    for name, variable in Settings.variables().items():
        assert f"`{variable}`" in paragraph, f"{variable} is missing from the README"
        default = Settings.model_fields[name].default
        if default not in (None, ""):
            assert f"`{default}`" in paragraph, (variable, default)
    assert "`GOODWILL_ENV_FILE`" in paragraph and "working directory" in paragraph
