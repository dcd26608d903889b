"""Influence job wall time (trust-weighted PageRank, brokerage, giving balance written to the
nodes): `jobs.influence`, timed end to end against the projected graph."""

from __future__ import annotations

import importlib
import inspect
import time
from typing import Any

ENTRY_POINTS = ("run", "run_job", "influence_job", "compute", "compute_influence", "main_job")


def _entry_point() -> Any | None:
    try:
        module = importlib.import_module("jobs.influence")
    except ImportError:
        return None
    for name in ENTRY_POINTS:
        function = getattr(module, name, None)
        if callable(function):
            return function
    return None


def measure(driver: Any) -> dict[str, Any]:
    job = _entry_point()
    if job is None:
        return {"available": False,
                "note": "jobs.influence has no job entry point yet; not measured"}
    stages: dict[str, float] = {}  # stage → seconds from the start when it was first seen

    def progress(stage: str, done: int, total: int) -> None:
        stages.setdefault(stage, round(time.perf_counter() - started, 2))

    started = time.perf_counter()
    takes_progress = "progress" in inspect.signature(job).parameters
    outcome = job(driver, progress=progress) if takes_progress else job(driver)
    if inspect.isawaitable(outcome):
        import asyncio

        outcome = asyncio.run(outcome)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    summary = outcome if isinstance(outcome, dict) else getattr(outcome, "__dict__", None)
    return {"available": True, "job": f"jobs.influence.{job.__name__}",
            "seconds": round(seconds, 2), "stages_started_at_s": stages,
            "outcome": {k: v for k, v in (summary or {}).items()
                        if isinstance(v, int | float | str | bool)}}
