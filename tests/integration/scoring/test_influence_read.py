"""The influence job's fast read (one row per person) sees the same graph as the reference
ledger and as the as-of read evaluated now: every tie's strength and giving each way, every
person's giving balance, forgotten people left out."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from scoring_network import Network

from graph.reads import SyncGraphReads
from jobs.influence_read import Snapshot, read_as_of, read_now
from scoring.strength import DEFAULT

pytestmark = pytest.mark.neo4j

START = datetime(2024, 1, 1, tzinfo=UTC)
AT = datetime(2026, 1, 1, tzinfo=UTC)  # after every event


def random_network(seed: int, n: int = 30) -> Network:
    rng = random.Random(seed)
    net = Network()
    for i in range(n):
        net.person(f"p{i:02d}", forgotten=i > 0 and rng.random() < 0.1)
    for _ in range(3 * n):
        x, y = rng.sample(range(n), 2)
        a, b = f"p{x:02d}", f"p{y:02d}"
        at = START + timedelta(days=rng.randrange(500))
        kind = rng.choice(["met", "helped", "helped", "referred", "closed", "introduced"])
        if kind == "met":
            net.met(a, b, at, confirmed=rng.random() < 0.7)
        elif kind == "helped":
            help_ = net.helped(a, b, at, confirmed=rng.random() < 0.5)
            if rng.random() < 0.5:
                net.thanked(b, a, at + timedelta(days=rng.randrange(60)), help_)
        elif kind == "referred":
            net.referred(a, b, at)
        elif kind == "closed":
            net.referred(a, b, at, value=float(rng.randrange(100, 5000)),
                         closed_at=at + timedelta(days=rng.randrange(1, 90)))
        else:
            net.introduced(f"p{(x + y) % n:02d}", a, b, at)
    return net


def by_pair(snapshot: Snapshot) -> dict[tuple[str, str], tuple[float, float, float]]:
    ties = snapshot.ties
    out = {}
    for a, b, s, gab, gba in zip(ties.a.tolist(), ties.b.tolist(), ties.strength.tolist(),
                                 ties.given_ab.tolist(), ties.given_ba.tolist(), strict=True):
        x, y = snapshot.ids[a], snapshot.ids[b]
        out[(x, y)] = (s, gab, gba)
    return out


def assert_same(now: Snapshot, reference: Snapshot) -> None:
    assert now.ids == reference.ids
    assert now.giving == reference.giving
    got, expected = by_pair(now), by_pair(reference)
    assert got.keys() == expected.keys()
    for pair, values in expected.items():
        assert got[pair] == pytest.approx(values, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_the_fast_read_sees_what_the_ledger_and_the_as_of_read_see(run, neo4j_driver,
                                                                   seed: int) -> None:
    net = random_network(seed)
    run.load(net)
    reads = SyncGraphReads(neo4j_driver)
    now = read_now(reads, AT, DEFAULT)
    alive = sorted(p for p, row in net.people.items() if not row["forgotten"])
    assert now.ids == alive
    for (a, b), (strength, given_ab, given_ba) in by_pair(now).items():
        assert strength == pytest.approx(net.vouched_strength(a, b, AT), rel=1e-9)
        assert given_ab == pytest.approx(net.giving(a, b, AT), rel=1e-9, abs=1e-12)
        assert given_ba == pytest.approx(net.giving(b, a, AT), rel=1e-9, abs=1e-12)
    assert_same(now, read_as_of(reads, AT, DEFAULT))
