"""Where the `.env` file is: `$GOODWILL_ENV_FILE`, else `.env` in the working directory.

Found from the working directory, never from the package, so an installed copy (the Docker
image, a wheel in site-packages) reads the same file as a checkout run from its root.
Generated secrets (GOODWILL_TOKEN_SECRET, and NEO4J_PASSWORD by ops/neo4j/neo4jctl.py) are
appended to this same file.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_FILE_VARIABLE = "GOODWILL_ENV_FILE"


def env_file_path() -> Path:
    """The `.env` file the settings read, as an absolute path (it need not exist)."""
    named = os.environ.get(ENV_FILE_VARIABLE)
    return Path(named).absolute() if named else Path.cwd() / ".env"


def append(name: str, value: str) -> Path:
    """Add `name=value` to the `.env` file, creating it readable by its owner only."""
    path = env_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    # created 0600 (never readable by others, not even until a chmod): it holds passwords
    # and the token secret
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "a",
                   encoding="utf-8") as env:
        if text and not text.endswith("\n"):
            env.write("\n")
        env.write(f"{name}={value}\n")
    path.chmod(0o600)  # a file someone made readable before
    return path


def replace(values: dict[str, str]) -> Path:
    """Set these `name=value` lines in the `.env` file (replacing earlier ones), 0600."""
    path = env_file_path()
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if line.split("=", 1)[0].strip() not in values]
    text = "\n".join([*kept, *(f"{name}={value}" for name, value in values.items())]) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(text, encoding="utf-8")
    return path
