"""A generated network in a SQLite event store under var/bench/, loaded once per
(people, years, seed) and reused by later runs (a marker file records a complete load)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from synthetic.load import BATCH_EVENTS, LoadResult, Progress, load
from synthetic.plan import Plan, Settings, plan

DEGREE: float = Settings(people=10).mean_degree  # the generator's own default
VAR = Path(__file__).resolve().parents[1] / "var" / "bench"
# Recorded in the marker: a store another loader wrote is loaded again.
LOADER = f"synthetic.load: Goodwill commands, Goodwill.batch() of about {BATCH_EVENTS:,} events"


@dataclass
class Dataset:
    plan: Plan
    path: Path
    load: LoadResult | None  # None when an earlier complete load was reused
    previous: dict[str, Any] | None = None  # that earlier load's figures

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"  # absolute path: sqlite:////abs

    def load_figures(self) -> dict[str, Any]:
        if self.load is not None:
            return {**_figures(self.load), "reused": False}
        return {**(self.previous or {}), "reused": True}


def _figures(result: LoadResult) -> dict[str, Any]:
    return {"loader": LOADER, "events": result.events, "seconds": round(result.seconds, 2),
            "cpu_seconds": round(result.cpu_seconds, 2),
            "events_per_second": round(result.events_per_second),
            "events_per_cpu_second": round(result.events / result.cpu_seconds)
            if result.cpu_seconds else 0}


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def prepare(people: int, years: float, seed: int, folder: Path = VAR, fresh: bool = False,
            progress: Progress | None = None, mean_degree: float = DEGREE) -> Dataset:
    """`mean_degree`: ties per person on average (the generator's 20 by default; a lower
    one gives a network of as many people with fewer events)."""
    from domain.app import Goodwill

    network = plan(people, years, seed, mean_degree=mean_degree)
    folder.mkdir(parents=True, exist_ok=True)
    degree = "" if mean_degree == DEGREE else f"-d{mean_degree:g}"
    path = folder / f"events-{people}-y{years:g}-s{seed}{degree}.sqlite"
    marker = path.with_suffix(".json")
    expected = network.expected_events()
    if not fresh and path.exists() and marker.exists():
        done = json.loads(marker.read_text())
        if done.get("events") == expected and done.get("loader") == LOADER:
            return Dataset(network, path, None, done)
    _remove(path)
    marker.unlink(missing_ok=True)
    app = Goodwill.from_url(f"sqlite:///{path}")
    try:
        result = load(app, network, progress=progress)
        head = app.max_notification_id()
    finally:
        app.close()
    if head != expected:
        raise RuntimeError(f"loaded {head} events, the plan says {expected}")
    marker.write_text(json.dumps(_figures(result)) + "\n")
    return Dataset(network, path, result)
