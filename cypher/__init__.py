"""Every Cypher statement of Goodwill lives here as a named `.cypher` file.

`load("queries/person")` returns the text of `cypher/queries/person.cypher`. Statements take
parameters only; no value is ever formatted into query text.

A part several statements share lives once under `fragments/`; a statement takes it with a
line `// include fragments/<name>`, which `load` replaces with the fragment's text
(`goodwill cypher --show NAME` prints a statement so expanded).
"""

import re
from functools import cache
from importlib import resources

INCLUDE = re.compile(r"^// include (fragments/[\w/]+)\b.*$", re.MULTILINE)


@cache
def load(name: str) -> str:
    """The text of the named statement (path below `cypher/`, without `.cypher`), with its
    fragments included."""
    path = resources.files(__package__).joinpath(f"{name}.cypher")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyError(f"no Cypher statement named {name!r}") from None
    return INCLUDE.sub(lambda line: load(line.group(1)).rstrip("\n"), text)


def statements(name: str) -> list[str]:
    """A file holding several statements separated by `;`, as a list (for schema files)."""
    text = "\n".join(
        line for line in load(name).splitlines() if not line.strip().startswith("//")
    )
    return [part.strip() for part in text.split(";") if part.strip()]


def names(folder: str) -> list[str]:
    """The statement names inside one folder, e.g. `names("analyst")`."""
    root = resources.files(__package__).joinpath(folder)
    files = (p.name for p in root.iterdir() if p.name.endswith(".cypher"))
    return sorted(name.removesuffix(".cypher") for name in files)
