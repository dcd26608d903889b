"""docker-compose.yml's `scale` profile as Compose itself reads it (`config`, no engine
needed): PostgreSQL, Neo4j, three API processes that only serve, one projector and nginx in
front; no secret has a fallback, and the default `up` still needs only NEO4J_PASSWORD."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
SCALE_SECRETS = {"POSTGRES_PASSWORD": "pg-secret", "GOODWILL_TOKEN_SECRET": "token-secret",
                 "GOODWILL_MASTER_KEY": "master-key"}
APIS = ("api-1", "api-2", "api-3")


def compose_command() -> list[str]:
    if shutil.which("docker") and subprocess.run(
            ["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.skip("no `docker compose` or docker-compose here (ops/compose/check.sh installs "
                "Debian's; `make test` runs it)")


def compose_config(tmp_path: Path, *args: str, **variables: str
                   ) -> subprocess.CompletedProcess[str]:
    """`compose config` of the repository's file with only `variables` set."""
    empty = tmp_path / "empty.env"
    empty.write_text("")
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **variables}
    return subprocess.run(
        [*compose_command(), "--env-file", str(empty), "-f", str(ROOT / "docker-compose.yml"),
         *args, "config"], capture_output=True, text=True, env=environment, cwd=ROOT)


def scale_config(tmp_path: Path, **variables: str) -> dict[str, Any]:
    loaded = compose_config(tmp_path, "--profile", "scale", NEO4J_PASSWORD="neo-secret",
                            **variables)
    assert loaded.returncode == 0, loaded.stderr
    return yaml.safe_load(loaded.stdout)


def test_the_default_stack_needs_only_the_neo4j_password(tmp_path: Path) -> None:
    refused = compose_config(tmp_path)
    assert refused.returncode != 0
    assert "set NEO4J_PASSWORD" in refused.stderr
    loaded = compose_config(tmp_path, NEO4J_PASSWORD="neo-secret")
    assert loaded.returncode == 0, loaded.stderr
    # Compose v2 prints only the services of the active profiles, v1 all of them
    services = yaml.safe_load(loaded.stdout)["services"]
    assert {name for name, service in services.items() if not service.get("profiles")} == {
        "neo4j", "api"}


def test_the_scale_profile_runs_three_apis_one_projector_behind_a_balancer(
        tmp_path: Path) -> None:
    services = scale_config(tmp_path, **SCALE_SECRETS)["services"]
    assert set(services) == {"neo4j", "api", "postgres", "projector", *APIS, "balancer"}
    assert {name for name, service in services.items() if service.get("profiles")} == {
        "postgres", "projector", *APIS, "balancer"}
    assert all(services[name]["profiles"] == ["scale"] for name in ("postgres", *APIS))
    for name in APIS:
        assert services[name]["command"][:3] == ["goodwill", "serve", "--no-projector"]
        assert services[name]["environment"]["NEO4J_URI"] == "neo4j://neo4j:7687"
        assert services[name]["environment"]["GOODWILL_EVENT_STORE"] == (
            "postgresql://goodwill:pg-secret@postgres:5432/goodwill")
    assert services["projector"]["command"] == ["goodwill", "project", "--follow"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"] == "pg-secret"
    balancer = services["balancer"]
    assert balancer["image"].startswith("nginx:")
    assert set(balancer["depends_on"]) == {*APIS, "projector"}
    mounted = {Path(str(volume["source"] if isinstance(volume, dict) else
                        volume.split(":")[0])).resolve() for volume in balancer["volumes"]}
    assert (ROOT / "ops/balancer/nginx.conf").resolve() in mounted
    upstreams = (ROOT / "ops/balancer/nginx.conf").read_text()
    for name in APIS:
        assert f"server {name}:8000" in upstreams


def test_every_process_gets_the_same_given_secrets(tmp_path: Path) -> None:
    services = scale_config(tmp_path, **SCALE_SECRETS)["services"]
    for name in (*APIS, "projector"):
        environment = services[name]["environment"]
        assert {key: environment[key] for key in ("GOODWILL_TOKEN_SECRET",
                                                  "GOODWILL_MASTER_KEY")} == {
            "GOODWILL_TOKEN_SECRET": "token-secret", "GOODWILL_MASTER_KEY": "master-key"}


def entrypoint_script(services: dict[str, Any], name: str) -> list[str]:
    """The service's entrypoint as a shell runs it (Compose prints `$$` for a literal `$`)."""
    return [part.replace("$$", "$") for part in services[name]["entrypoint"]]


@pytest.mark.parametrize("missing", sorted(SCALE_SECRETS))
def test_a_scale_process_refuses_to_start_without_a_secret(tmp_path: Path, missing: str
                                                           ) -> None:
    given = {key: value for key, value in SCALE_SECRETS.items() if key != missing}
    services = scale_config(tmp_path, **given)
    for name in (*APIS, "projector"):
        service = services["services"][name]
        environment = {key: str(value) for key, value in service["environment"].items()}
        assert environment[missing] == ""  # no fallback value
        started = subprocess.run([*entrypoint_script(services["services"], name), "echo",
                                  "started"], capture_output=True, text=True,
                                 env={"PATH": os.environ["PATH"], **environment})
        assert started.returncode != 0
        assert f"set {missing}" in started.stderr
        assert "started" not in started.stdout


def test_a_scale_process_starts_its_command_with_every_secret(tmp_path: Path) -> None:
    services = scale_config(tmp_path, **SCALE_SECRETS)["services"]
    environment = {key: str(value) for key, value in services["api-1"]["environment"].items()}
    started = subprocess.run([*entrypoint_script(services, "api-1"), "echo", "started"],
                             capture_output=True, text=True,
                             env={"PATH": os.environ["PATH"], **environment})
    assert (started.returncode, started.stdout.strip()) == (0, "started")
