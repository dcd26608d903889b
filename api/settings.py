"""API settings: where the event store and the graph are, and every limit in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from graph.connection import Neo4jSettings, _env_file


def _get(name: str, default: str) -> str:
    return os.environ.get(name) or _env_file().get(name) or default


@dataclass(frozen=True)
class Limits:
    """Guards against expensive requests; each one is enforced and tested."""

    max_body_bytes: int = 256 * 1024
    max_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 2_000
    page_size: int = 50  # default `first`
    max_page_size: int = 200
    cypher_timeout_s: float = 10.0
    cypher_max_rows: int = 1_000


@dataclass(frozen=True)
class ApiSettings:
    event_store: str = "sqlite:///var/events.sqlite"
    neo4j: Neo4jSettings = field(default_factory=Neo4jSettings)
    limits: Limits = field(default_factory=Limits)
    run_projector: bool = True  # follow the event store in a background thread
    projector_poll_s: float = 0.5
    catch_up_timeout_s: float = 5.0  # how long a mutation waits for its read model
    token_secret: str | None = None  # None: GOODWILL_TOKEN_SECRET, generated into .env

    @classmethod
    def from_env(cls) -> ApiSettings:
        return cls(
            event_store=_get("GOODWILL_EVENT_STORE", cls.event_store),
            neo4j=Neo4jSettings.from_env(),
        )
