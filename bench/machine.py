"""Facts about the machine a benchmark ran on, and memory readings from /proc (Linux)."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import config
import cypher

HERE = Path(__file__).resolve().parent


def statement(name: str) -> str:
    """The benchmark's own Cypher (`cypher/bench/<name>.cypher`)."""
    return cypher.load(f"bench/{name}")


def _meminfo_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def neo4j_version(driver: Any) -> str:
    records, _, _ = driver.execute_query(cypher.load("projection/server_version"))
    return str(records[0]["version"])


def facts(driver: Any | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": _meminfo_gb(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "eventsourcing": _version("eventsourcing"),
        "neo4j_driver": _version("neo4j"),
        "strawberry": _version("strawberry-graphql"),
    }
    if driver is not None:
        try:
            found["neo4j"] = neo4j_version(driver)
            records, _, _ = driver.execute_query(statement("neo4j_memory"))
            memory = {record["name"]: record["value"] for record in records}
            found["neo4j_memory"] = {
                "heap": memory.get("server.memory.heap.max_size"),
                "page_cache": memory.get("server.memory.pagecache.size")}
        except Exception as error:  # the report still says what it could
            found.setdefault("neo4j", f"unknown ({type(error).__name__})")
    return found


def rss_mb(pid: int) -> dict[str, float]:
    """Resident memory of a process now and at its peak (VmRSS, VmHWM), in MiB."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values["rss_mb" if key == "VmRSS" else "peak_rss_mb"] = round(
                int(rest.split()[0]) / 1024, 1)
    return values


def neo4j_heap(driver: Any) -> dict[str, float | None]:
    """Heap of the Neo4j server in MiB, from its JMX beans."""
    records, _, _ = driver.execute_query(statement("neo4j_heap"))
    row = records[0]

    def mb(value: Any) -> float | None:
        return None if value is None else round(value / 1024 / 1024, 1)

    return {"heap_used_mb": mb(row["used"]), "heap_committed_mb": mb(row["committed"]),
            "heap_max_mb": mb(row["max"]), "old_gen_peak_mb": mb(row["old_gen_peak"])}


def neo4j_pid(home: Path | None = None) -> int | None:
    """The local server's pid from ops/neo4j's pid file (NEO4J_BOLT_PORT picks the one)."""
    settings = config.load()
    port = urlsplit(settings.neo4j.uri).port or settings.neo4j_bolt_port
    root = HERE.parent / "var"
    candidates = [home] if home else [root / f"neo4j-{port}", root / "neo4j"]
    for folder in candidates:
        pid_file = folder / "run" / "goodwill-neo4j.pid"
        if pid_file.exists():
            try:
                pid = int(pid_file.read_text().strip())
            except ValueError:
                continue
            if Path(f"/proc/{pid}").exists():
                return pid
    return None
