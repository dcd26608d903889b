"""Results as JSON under bench/results/ (one file per benchmark, one entry per network size,
so runs of different sizes accumulate) and as rich tables on the terminal."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

RESULTS = Path(__file__).resolve().parent / "results"
console = Console()


def now() -> str:
    return datetime.now(tz=UTC).isoformat(timespec="seconds")


def write(out: Path, name: str, key: str, entry: dict[str, Any], machine: dict[str, Any],
          settings: dict[str, Any]) -> Path:
    """Merge `entry` under `sizes[key]` of `<out>/<name>.json` (written atomically)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.json"
    try:
        report = json.loads(path.read_text())
    except (OSError, ValueError):
        report = {}
    report.update({"benchmark": name, "date": now(), "machine": machine, "settings": settings})
    report.setdefault("sizes", {})[key] = {"date": now(), "machine": machine,
                                           "run_settings": settings, **entry}
    report["sizes"] = dict(sorted(report["sizes"].items(), key=lambda kv: _order(kv[0])))
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(report, indent=2, default=str) + "\n")
    tmp.replace(path)
    return path


def _order(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (1 << 40, key)


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    grid = Table(title=title, title_justify="left")
    for i, column in enumerate(columns):
        grid.add_column(column, justify="left" if i == 0 else "right")
    for row in rows:
        grid.add_row(*(_cell(value) for value in row))
    console.print(grid)


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "met" if value else "NOT met"
    if isinstance(value, float):
        return f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
