"""Bearer tokens: what `goodwill token create` prints is what the API accepts; forged,
tampered and expired tokens are refused."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from api import auth
from api.auth import AuthError, Principal, Role

ROOT = Path(__file__).resolve().parents[3]
SECRET = "cli-test-secret"


def goodwill(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOODWILL_TOKEN_SECRET": SECRET, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_cli_tokens_carry_role_and_person() -> None:
    person = str(uuid.uuid4())
    made = goodwill("token", "create", "--person", person)
    assert made.returncode == 0, made.stderr
    principal = auth.verify(SECRET, made.stdout.strip())
    assert (principal.role, principal.person_id) == (Role.PERSON, person)
    for role in ("analyst", "admin"):
        made = goodwill("token", "create", "--role", role, "--days", "1")
        principal = auth.verify(SECRET, made.stdout.strip())
        assert (principal.role, principal.person_id) == (Role(role), None)


@pytest.mark.parametrize("args", [
    ("token", "create"),
    ("token", "create", "--role", "person"),
    ("token", "create", "--role", "root"),
    ("token", "create", "--person", "not-a-uuid"),
    ("token", "create", "--person", str(uuid.uuid4()), "--role", "admin"),
])
def test_cli_refuses_unclear_requests(args: tuple[str, ...]) -> None:
    assert goodwill(*args).returncode != 0


def _command_paths() -> list[tuple[str, ...]]:
    """Every command and sub-command of the `goodwill` CLI."""
    import typer.main

    from api.cli import app

    def walk(command: object, path: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = [path]
        for name, sub in getattr(command, "commands", {}).items():  # a group's commands
            found += walk(sub, (*path, name))
        return found

    return walk(typer.main.get_command(app), ())


def test_the_cli_has_every_command() -> None:
    assert {"import", "generate", "analyse", "rebuild", "cypher", "serve", "demo"} <= {
        path[0] for path in _command_paths() if path}


@pytest.mark.parametrize("command", _command_paths(), ids=" ".join)
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output and len(result.output) > 200


def test_tampering_and_expiry_are_detected() -> None:
    token = auth.issue(SECRET, Role.PERSON, str(uuid.uuid4()), ttl_s=60, now=1_000)
    assert auth.verify(SECRET, token, now=1_030).role is Role.PERSON
    prefix, _claims, signature = token.split(".")
    admin = auth.issue(SECRET, Role.ADMIN, now=1_000).split(".")[1]
    with pytest.raises(AuthError, match="not valid"):
        auth.verify(SECRET, f"{prefix}.{admin}.{signature}")  # someone else's claims
    with pytest.raises(AuthError, match="expired"):
        auth.verify(SECRET, token, now=1_061)
    with pytest.raises(AuthError):
        auth.verify("another secret", token, now=1_030)
    with pytest.raises(ValueError):
        auth.issue(SECRET, Role.PERSON)  # a person token names its person


def test_private_notes_rule() -> None:
    ada, bob = str(uuid.uuid4()), str(uuid.uuid4())
    assert Principal(Role.PERSON, ada).may_see_private_of(ada, bob)
    assert not Principal(Role.PERSON, ada).may_see_private_of(bob)
    assert Principal(Role.ANALYST).may_see_private_of(bob)
