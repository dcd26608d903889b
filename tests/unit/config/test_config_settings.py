"""The settings model: where values come from (environment, then the .env file, then
defaults), which .env file that is, and the errors a bad value gives."""

from __future__ import annotations

import stat
from pathlib import Path
from types import ModuleType

import pytest

import config
from api import auth
from config import Neo4jSettings, Settings, SettingsError

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory without .env and an environment without any setting."""
    for variable in [*Settings.variables().values(), config.ENV_FILE_VARIABLE]:
        monkeypatch.delenv(variable, raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def write(path: Path, **values: str) -> Path:
    path.write_text("".join(f"{name}={value}\n" for name, value in values.items()))
    return path


def test_defaults() -> None:
    settings = config.load()
    assert settings.event_store == "sqlite:///var/events.sqlite"
    assert settings.neo4j == Neo4jSettings(uri="bolt://127.0.0.1:7687", user="neo4j",
                                           password="", database="neo4j")
    assert settings.token_secret is None
    assert settings.bench_postgres_url is None


def test_dot_env_in_the_working_directory(isolated: Path) -> None:
    write(isolated / ".env", GOODWILL_EVENT_STORE="memory:", NEO4J_URI="neo4j://graph:7688",
          NEO4J_USER="reader", NEO4J_PASSWORD="pw", NEO4J_DATABASE="ledger",
          GOODWILL_TOKEN_SECRET="s3cret", GOODWILL_BENCH_POSTGRES_URL="postgresql://h/db",
          NEO4J_HEAP="2g")  # an ops setting in the same file is no error
    settings = config.load()
    assert settings.event_store == "memory:"
    assert settings.neo4j == Neo4jSettings("neo4j://graph:7688", "reader", "pw", "ledger")
    assert settings.token_secret == "s3cret"
    assert settings.bench_postgres_url == "postgresql://h/db"


def test_the_environment_wins_over_dot_env(isolated: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    write(isolated / ".env", GOODWILL_EVENT_STORE="sqlite:///file.sqlite", NEO4J_USER="file")
    monkeypatch.setenv("GOODWILL_EVENT_STORE", "sqlite:///environment.sqlite")
    settings = config.load()
    assert settings.event_store == "sqlite:///environment.sqlite"
    assert settings.neo4j_user == "file"  # what the environment does not set still counts
    monkeypatch.setenv("NEO4J_USER", "")  # empty is unset, as it always was
    assert config.load().neo4j_user == "file"


def test_keyword_arguments_win_over_both(isolated: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    write(isolated / ".env", GOODWILL_EVENT_STORE="sqlite:///file.sqlite")
    monkeypatch.setenv("NEO4J_USER", "environment")
    settings = Settings(event_store="memory:", NEO4J_USER="given")
    assert (settings.event_store, settings.neo4j_user) == ("memory:", "given")


def test_neo4j_uri_follows_the_local_port_unless_set(isolated: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    write(isolated / ".env", NEO4J_BOLT_PORT="7697")
    assert config.load().neo4j.uri == "bolt://127.0.0.1:7697"
    monkeypatch.setenv("NEO4J_URI", "bolt://db.example:7687")
    assert config.load().neo4j.uri == "bolt://db.example:7687"


def test_goodwill_env_file_names_another_file(isolated: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    write(isolated / ".env", GOODWILL_EVENT_STORE="sqlite:///here.sqlite")
    elsewhere = write(tmp_path / "elsewhere.env", GOODWILL_EVENT_STORE="sqlite:///there.sqlite")
    monkeypatch.setenv("GOODWILL_ENV_FILE", str(elsewhere))
    assert config.env_file_path() == elsewhere
    assert config.load().event_store == "sqlite:///there.sqlite"
    monkeypatch.setenv("GOODWILL_ENV_FILE", "../elsewhere.env")  # relative to the cwd
    assert config.env_file_path() == isolated / "../elsewhere.env"
    assert config.load().event_store == "sqlite:///there.sqlite"


def test_the_file_is_found_when_the_settings_are_read(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        write(tmp_path / name / ".env", NEO4J_USER=name)
    monkeypatch.chdir(tmp_path / "a")
    assert config.load().neo4j_user == "a"
    monkeypatch.chdir(tmp_path / "b")
    assert config.load().neo4j_user == "b"
    assert Settings().neo4j_user == "b"  # the model itself reads the same file


@pytest.mark.parametrize(("variable", "value", "reason"), [
    ("NEO4J_BOLT_PORT", "abc", "valid integer"),
    ("NEO4J_BOLT_PORT", "0", "greater than or equal to 1"),
    ("NEO4J_BOLT_PORT", "70000", "less than or equal to 65535"),
    ("NEO4J_URI", "http://graph:7474", "bolt|bolt+s"),
    ("NEO4J_URI", "bolt://", "://host:port"),
])
def test_a_bad_value_is_named_with_its_file(isolated: Path, variable: str, value: str,
                                            reason: str) -> None:
    write(isolated / ".env", **{variable: value})
    with pytest.raises(SettingsError) as refused:
        config.load()
    message = str(refused.value)
    assert f"{variable}={value!r}" in message
    assert reason in message
    assert str(isolated / ".env") in message


def test_every_problem_is_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_BOLT_PORT", "x")
    monkeypatch.setenv("NEO4J_URI", "mysql://db")
    with pytest.raises(SettingsError) as refused:
        config.load()
    lines = str(refused.value).splitlines()
    assert len(lines) == 3
    assert {line.split("=")[0].strip() for line in lines[1:]} == {"NEO4J_BOLT_PORT",
                                                                  "NEO4J_URI"}


def test_secrets_stay_out_of_the_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "do-not-print")
    monkeypatch.setenv("GOODWILL_TOKEN_SECRET", "nor-this")
    settings = config.load()
    assert "do-not-print" not in repr(settings) and "nor-this" not in repr(settings)
    assert "do-not-print" not in repr(settings.neo4j)


def test_append_adds_a_line_readable_by_the_owner_only(isolated: Path) -> None:
    (isolated / ".env").write_text("NEO4J_USER=kept")  # no final newline
    path = config.append("GOODWILL_TOKEN_SECRET", "generated")
    assert path == isolated / ".env"
    assert path.read_text() == "NEO4J_USER=kept\nGOODWILL_TOKEN_SECRET=generated\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    settings = config.load()
    assert (settings.neo4j_user, settings.token_secret) == ("kept", "generated")


def test_a_generated_token_secret_goes_into_the_settings_file(
        isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = auth.ensure_secret()
    assert (isolated / ".env").read_text() == f"GOODWILL_TOKEN_SECRET={secret}\n"
    assert auth.ensure_secret() == secret == config.load().token_secret  # once only
    named = tmp_path / "conf" / "goodwill.env"
    monkeypatch.setenv("GOODWILL_ENV_FILE", str(named))
    other = auth.ensure_secret()
    assert other != secret
    assert named.read_text() == f"GOODWILL_TOKEN_SECRET={other}\n"
    monkeypatch.setenv("GOODWILL_TOKEN_SECRET", "from-the-environment")
    assert auth.ensure_secret() == "from-the-environment"
    assert named.read_text() == f"GOODWILL_TOKEN_SECRET={other}\n"  # nothing written


def test_neo4jctl_reads_and_writes_the_same_file(isolated: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 neo4jctl: ModuleType) -> None:
    ctl = neo4jctl
    (isolated / ".env").write_text('# local server\nexport NEO4J_BOLT_PORT=7699\n'
                                   "NEO4J_HEAP='2g'\n")
    assert ctl.env_file() == isolated / ".env"
    assert ctl.setting("NEO4J_BOLT_PORT") == "7699" == str(config.load().neo4j_bolt_port)
    assert ctl.setting("NEO4J_HEAP") == "2g"
    password = ctl.ensure_password()
    assert config.load().neo4j_password == password
    assert ctl.ensure_password() == password  # generated once
    named = tmp_path / "named.env"
    monkeypatch.setenv("GOODWILL_ENV_FILE", str(named))
    assert ctl.env_file() == named
    other = ctl.ensure_password()
    assert named.read_text() == f"NEO4J_PASSWORD={other}\n"
    assert config.load().neo4j == Neo4jSettings(password=other)
