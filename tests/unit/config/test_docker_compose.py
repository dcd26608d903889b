"""docker-compose.yml asks for a password (no fixed fallback) and gives its Neo4j the same
limits as the local server's configuration (ops/neo4j/neo4j.conf.template)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
# Settings of the template that bound or isolate what a caller can do; paths, addresses
# and memory sizing are the machine's business.
MIRRORED = ("db.", "dbms.security.", "dbms.usage_report.", "internal.")


def template_settings() -> dict[str, str]:
    lines = (ROOT / "ops/neo4j/neo4j.conf.template").read_text(encoding="utf-8").splitlines()
    pairs = (line.split("=", 1) for line in lines if line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def docker_name(setting: str) -> str:
    """The environment variable the Neo4j image reads a setting from: `_` doubled, `.` → `_`."""
    return "NEO4J_" + setting.replace("_", "__").replace(".", "_")


def test_no_service_falls_back_to_a_fixed_password() -> None:
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert not re.search(r"\$\{NEO4J_PASSWORD:?-", text)
    neo4j = COMPOSE["services"]["neo4j"]["environment"]
    api = COMPOSE["services"]["api"]["environment"]
    assert neo4j["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD:?")
    assert api["NEO4J_PASSWORD"].startswith("${NEO4J_PASSWORD:?")


def test_the_neo4j_service_keeps_the_local_servers_limits() -> None:
    environment = {key: str(value) for key, value in
                   COMPOSE["services"]["neo4j"]["environment"].items()}
    settings = {key: value for key, value in template_settings().items()
                if key.startswith(MIRRORED) and key != "dbms.security.auth_enabled"}
    assert "db.transaction.timeout" in settings
    missing = {key: value for key, value in settings.items()
               if environment.get(docker_name(key)) != value}
    assert not missing, f"docker-compose.yml lacks (or differs on) {missing}"
    assert docker_name("dbms.security.allow_csv_import_from_file_urls") == (
        "NEO4J_dbms_security_allow__csv__import__from__file__urls")
