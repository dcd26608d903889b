"""The encryption benchmark compares what it says it compares: its anchor stores personal
data in clear, the product does not, and both read back the same events. Facts, never
timings."""

from __future__ import annotations

import json
from pathlib import Path

from bench.privacy_cost import KINDS, main
from domain.actors import Actor


def test_the_anchor_stores_in_clear_and_reads_the_same(tmp_path: Path) -> None:
    texts = {}
    for name, kind in KINDS.items():
        path = tmp_path / f"{name}.sqlite"
        app = kind.from_url(f"sqlite:///{path}")
        pid = app.register_person(Actor.admin(), name="Quilla Varnmoor").aggregate_id
        assert app.get_person(pid).name == "Quilla Varnmoor"
        app.close()
        texts[name] = b"".join(p.read_bytes() for p in tmp_path.glob(f"{name}.sqlite*"))
    assert b"Quilla Varnmoor" in texts["clear"] and b"Quilla Varnmoor" not in texts["sealed"]


def test_the_benchmark_writes_its_ratios(tmp_path: Path) -> None:
    assert main(["--people", "60", "--seconds", "0.3", "--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "privacy_cost.json").read_text())
    rows = report["sizes"]["60"]["results"]
    assert [r["measure"].split(",")[0].split(" (")[0] for r in rows] == \
        ["append", "append", "projection read side"]
    assert all(r["sealed"] > 0 and r["clear"] > 0 and r["ratio"] > 0 for r in rows)
    assert report["machine"]["nproc"] >= 1
