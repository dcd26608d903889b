"""The key table's SQL, one named statement per file and dialect.

`load("sqlite", "find_keys")` returns the text of `sql/sqlite/find_keys.sql`. Statements take
parameters only; PostgreSQL's take the key table's name as `{keys}` (it may be qualified by
the store's schema), filled in with `psycopg.sql`, never with values."""

from functools import cache
from importlib import resources

DIALECTS = ("sqlite", "postgresql")


@cache
def load(dialect: str, name: str) -> str:
    """The text of the named statement, without its comment lines."""
    path = resources.files(__package__).joinpath(dialect, f"{name}.sql")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyError(f"no {dialect} statement named {name!r}") from None
    return "\n".join(line for line in text.splitlines()
                     if not line.lstrip().startswith("--")).strip()


def names(dialect: str) -> list[str]:
    root = resources.files(__package__).joinpath(dialect)
    return sorted(p.name.removesuffix(".sql") for p in root.iterdir() if p.name.endswith(".sql"))
