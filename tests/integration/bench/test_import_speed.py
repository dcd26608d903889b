"""The import-speed harness runs small and reports what it measured: the same domain
events for an export as for its JSON Lines, and wall and CPU rates."""

from __future__ import annotations

import json
from pathlib import Path

from bench import import_speed


def test_a_small_run_reports_the_same_events_as_json_lines_and_cpu_rates(
        tmp_path: Path) -> None:
    assert import_speed.main(["--rows", "40", "--events", "60", "--people", "5",
                              "--rounds", "1", "--out", str(tmp_path)]) == 0
    written = json.loads((tmp_path / "import_speed.json").read_text())
    [size] = written["sizes"].values()
    linkedin, calendar = size["results"]
    assert linkedin["events"] == linkedin["jsonl_events"] == 80  # a registration, a tie
    # a meeting an occurrence, and the tie each attendee's first meeting makes
    assert 61 <= calendar["events"] == calendar["jsonl_events"] <= 65
    for result in (linkedin, calendar):
        assert result["cpu_s"] > 0
        assert result["events_per_cpu_second"] >= result["events_per_second"] * 0.9
        assert result["target_met"] is (result["events_per_second"] >= 10_000)
