"""Goodwill's settings: one model that every entry point reads (API, CLI, projector, bench).

    settings = config.load()
    settings.event_store     # GOODWILL_EVENT_STORE
    settings.neo4j           # Neo4jSettings(uri, user, password, database)
    settings.neo4j_analyst   # the same, at NEO4J_ANALYST_URI: where analysts' Cypher runs

Each value comes from the environment, else from the `.env` file (`config.env_file`), else
its default. docs/architecture.md lists every setting with its default; a test keeps that
table complete.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from config.env_file import env_file_path

NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DEFAULT_BOLT_PORT = 7687


class SettingsError(ValueError):
    """A setting Goodwill cannot use; the message names it and where it may have come from."""


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the graph is and how to log in: from `Settings.neo4j`, or built explicitly."""

    uri: str = f"bolt://127.0.0.1:{DEFAULT_BOLT_PORT}"
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str = "neo4j"


class Settings(BaseSettings):
    """Every setting, by its variable name (the field names work too, as keyword arguments)."""

    model_config = SettingsConfigDict(
        extra="ignore",  # the same .env holds the ops scripts' settings (NEO4J_HEAP, …)
        env_ignore_empty=True,  # `NAME=` means unset
        env_file_encoding="utf-8",
        frozen=True,
        validate_by_name=True,
        validate_by_alias=True,
    )

    event_store: str = Field(
        "sqlite:///var/events.sqlite", validation_alias="GOODWILL_EVENT_STORE",
        description="the event store: sqlite:///path, postgresql://user:pw@host:port/db "
        "or memory:")
    neo4j_uri: str | None = Field(
        None, validation_alias="NEO4J_URI",
        description="Bolt address of the graph; unset, the local server on NEO4J_BOLT_PORT")
    neo4j_analyst_uri: str | None = Field(
        None, validation_alias="NEO4J_ANALYST_URI",
        description="Bolt address for analysts' Cypher (a read replica); unset, NEO4J_URI")
    neo4j_bolt_port: int = Field(
        DEFAULT_BOLT_PORT, ge=1, le=65535, validation_alias="NEO4J_BOLT_PORT",
        description="port of the local server that ops/neo4j runs")
    neo4j_user: str = Field("neo4j", validation_alias="NEO4J_USER")
    neo4j_password: str = Field("", validation_alias="NEO4J_PASSWORD", repr=False)
    neo4j_database: str = Field("neo4j", validation_alias="NEO4J_DATABASE")
    token_secret: str | None = Field(
        None, validation_alias="GOODWILL_TOKEN_SECRET", repr=False,
        description="signs API bearer tokens; generated into the .env file when unset")
    master_key: str | None = Field(
        None, validation_alias="GOODWILL_MASTER_KEY", repr=False,
        description="wraps every person's key (32 bytes, URL-safe base64); generated into "
        "the .env file when unset")
    master_key_previous: str = Field(
        "", validation_alias="GOODWILL_MASTER_KEY_PREVIOUS", repr=False,
        description="earlier master keys, comma-separated, still accepted while "
        "`goodwill privacy rotate-master-key` re-wraps")
    run_projector: bool = Field(
        True, validation_alias="GOODWILL_RUN_PROJECTOR",
        description="whether `goodwill serve` follows the store into the graph in-process "
        "(false: a standalone `goodwill project --follow` does)")
    bench_postgres_url: str | None = Field(
        None, validation_alias="GOODWILL_BENCH_POSTGRES_URL",
        description="PostgreSQL for the append benchmark; unset, only SQLite is measured")

    def __init__(self, **values: Any) -> None:
        # The .env file is found when the settings are read, not when this module loads:
        # the working directory (or GOODWILL_ENV_FILE) of the moment counts.
        values.setdefault("_env_file", env_file_path())
        super().__init__(**values)

    @field_validator("neo4j_uri", "neo4j_analyst_uri")
    @classmethod
    def _bolt_address(cls, uri: str | None) -> str | None:
        if uri is None:
            return None
        parts = urlsplit(uri.strip())
        if parts.scheme not in NEO4J_SCHEMES or not parts.hostname:
            raise ValueError(f"expected {'|'.join(NEO4J_SCHEMES)}://host:port")
        return uri.strip()

    @property
    def neo4j(self) -> Neo4jSettings:
        return Neo4jSettings(
            uri=self.neo4j_uri or f"bolt://127.0.0.1:{self.neo4j_bolt_port}",
            user=self.neo4j_user,
            password=self.neo4j_password,
            database=self.neo4j_database,
        )

    @property
    def neo4j_analyst(self) -> Neo4jSettings:
        """Where analysts' Cypher runs: a read replica when NEO4J_ANALYST_URI names one (same
        user, password and database), else the graph itself."""
        main = self.neo4j
        return replace(main, uri=self.neo4j_analyst_uri or main.uri)

    @classmethod
    def variables(cls) -> dict[str, str]:
        """Field name → the variable that sets it."""
        return {name: str(info.validation_alias) for name, info in cls.model_fields.items()}


def load(env_file: Path | None = None) -> Settings:
    """The settings now: environment, then `env_file` (default: `config.env_file_path()`)."""
    path = env_file or env_file_path()
    try:
        return Settings(_env_file=path)
    except ValidationError as error:
        raise SettingsError(explain(error, path)) from None


def explain(error: ValidationError, env_file: Path) -> str:
    """One line per bad setting: its variable, the value given, what is wrong with it."""
    lines = [f"Invalid settings (from the environment or {env_file}):"]
    for problem in error.errors():
        name = ".".join(str(part) for part in problem["loc"])
        value = problem.get("input")
        reason = problem["msg"].removeprefix("Value error, ")
        lines.append(f"  {name}={value!r}: {reason}")
    return "\n".join(lines)
