"""The growth exponent of `bench.growth`: cost ∝ people^k gives back k, and the table reads
the figures each benchmark wrote at each size (and no entry of another network)."""

from __future__ import annotations

import json
import math
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bench.growth import exponent, growth

SIZES = st.lists(st.sampled_from([1_000, 3_000, 10_000, 30_000, 100_000]), min_size=2,
                 max_size=5, unique=True)


@given(sizes=SIZES, k=st.floats(-1, 3), c=st.floats(1e-3, 1e3))
def test_a_power_law_gives_back_its_exponent(sizes: list[int], k: float, c: float) -> None:
    got = exponent({n: c * n ** k for n in sizes})
    assert got is not None and math.isclose(got, round(k, 2), abs_tol=0.011)


def test_one_size_has_no_exponent() -> None:
    assert exponent({1000: 5.0}) is None


def test_the_table_reads_each_size_and_leaves_out_other_networks(tmp_path: Path) -> None:
    def entry(seconds: float, **settings: float) -> dict[str, object]:
        return {"date": "2026-12-02T00:00:00+00:00", "run_settings": settings,
                "seconds": {"offline": seconds, "plain_import": 10.0}}

    (tmp_path / "rebuild_offline.json").write_text(json.dumps({"sizes": {
        "1000": entry(2.0), "10000": entry(20.0), "100000": entry(5.0, mean_degree=3.0)}}))
    rows = {row["figure"]: row for row in growth(tmp_path)}
    offline = rows["offline rebuild"]
    assert offline["by_people"] == {"1000": 2.0, "10000": 20.0}
    assert offline["exponent"] == 1.0
    assert rows["neo4j-admin import of the same files"]["exponent"] == 0.0
    assert "online rebuild" not in rows  # projection.json is not there
