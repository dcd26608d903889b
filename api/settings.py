"""What the API process runs with: the configured event store and graph (from `config`),
and every limit in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

import config
from config import Neo4jSettings


@dataclass(frozen=True)
class Limits:
    """Guards against expensive requests; each one is enforced and tested."""

    max_body_bytes: int = 256 * 1024
    # a file uploaded to importFile (a 30,000-row Connections.csv is about 4 MB); its
    # multipart body may be this plus MULTIPART_OVERHEAD (api/limits.py)
    max_upload_bytes: int = 16 * 1024 * 1024
    max_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 2_000
    page_size: int = 50  # default `first`
    max_page_size: int = 200
    # values a document may ask for, pages × fields (api/cost.py): three levels of default
    # pages (50³) pass, three levels of `first: 200` (200³) do not
    max_cost: int = 1_000_000
    cypher_timeout_s: float = 10.0
    cypher_max_rows: int = 1_000
    cypher_max_bytes: int = 8 * 1024 * 1024  # of the rows, as JSON
    cypher_concurrency: int = 1  # analysts' statements at once (own threads, connections)
    cypher_queue_s: float = 5.0  # how long a statement waits for a free slot
    graph_fail_fast_s: float = 1.5  # connecting to / reaching Neo4j from a request


@dataclass(frozen=True)
class ApiSettings:
    event_store: str = "sqlite:///var/events.sqlite"
    neo4j: Neo4jSettings = field(default_factory=Neo4jSettings)
    # where analysts' Cypher runs (a read replica); None: `neo4j`
    analyst_neo4j: Neo4jSettings | None = None
    limits: Limits = field(default_factory=Limits)
    run_projector: bool = True  # follow the event store in a background thread
    projector_poll_s: float = 0.5
    catch_up_timeout_s: float = 5.0  # how long a mutation waits for its read model
    token_secret: str | None = None  # None: api.auth.ensure_secret() (generated into .env)

    @classmethod
    def from_settings(cls, settings: config.Settings | None = None) -> ApiSettings:
        settings = settings or config.load()
        return cls(event_store=settings.event_store, neo4j=settings.neo4j,
                   analyst_neo4j=settings.neo4j_analyst, token_secret=settings.token_secret,
                   run_projector=settings.run_projector)
