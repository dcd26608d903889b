"""`goodwill token create --person ID --link`: a sign-in link whose token is in the fragment
only (browsers never send it to the server) and signs in as that person."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from api import auth
from api.auth import Role
from api.cli import app

PERSON = "8d25c919-40a9-5271-890e-2e109a86854c"
SECRET = "a-secret-for-the-link-test"


def test_the_link_carries_the_token_in_its_fragment_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOODWILL_TOKEN_SECRET", SECRET)
    result = CliRunner().invoke(app, ["token", "create", "--person", PERSON, "--link",
                                      "--host", "goodwill.local", "--port", "8123"])
    assert result.exit_code == 0, result.output
    link = urlsplit(result.output.strip())
    assert (link.scheme, link.netloc, link.path, link.query) == (
        "http", "goodwill.local:8123", "/", "")
    assert link.fragment.startswith("token=gw1.")
    principal = auth.verify(SECRET, link.fragment.removeprefix("token="))
    assert (principal.role, principal.person_id) == (Role.PERSON, PERSON)


def test_without_link_it_prints_the_bare_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOODWILL_TOKEN_SECRET", SECRET)
    result = CliRunner().invoke(app, ["token", "create", "--person", PERSON])
    assert result.exit_code == 0 and result.output.startswith("gw1.")
