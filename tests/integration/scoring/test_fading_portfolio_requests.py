"""fadingTies (strength now vs peak), portfolio (the mix by kind), and introduction
requests along warm paths, against the real Neo4j."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from scoring_network import Network

from reads.fading import fading_ties
from reads.introductions import pending_introductions, request_along
from reads.paths import warm_introductions
from reads.portfolio import portfolio

pytestmark = pytest.mark.neo4j

T0 = datetime(2024, 1, 1, tzinfo=UTC)
NOW = datetime(2025, 6, 1, tzinfo=UTC)


def network() -> Network:
    net = Network()
    for p in ["me", "old", "recent", "weak", "fresh"]:
        net.person(p)
    for week in range(8):  # a strong tie in early 2024, then silence
        net.met("me", "old", T0 + timedelta(weeks=week))
        net.helped("old", "me", T0 + timedelta(weeks=week, days=1))
    for week in range(8):  # as strong, but kept warm
        net.met("me", "recent", NOW - timedelta(weeks=week))
        net.helped("recent", "me", NOW - timedelta(weeks=week, days=1))
    net.met("me", "weak", T0)  # never strong: not worth a call
    net.met("me", "fresh", NOW - timedelta(days=3))
    net.classify("me", "old", "strategic")
    net.classify("me", "recent", "strategic")
    net.classify("me", "weak", "personal")
    return net


def test_strong_ties_going_cold_come_first(run) -> None:
    net = network()
    run.load(net)
    ties = run(fading_ties, "me", 10, NOW)
    assert [f.tie.id for f in ties] == ["old"]
    old = ties[0].tie
    assert old.strength == pytest.approx(net.strength("me", "old", NOW), rel=1e-9)
    # the peak is at the last deposit of the eight weeks
    last = T0 + timedelta(weeks=7, days=1)
    assert old.peak == pytest.approx(net.strength("me", "old", last), rel=1e-9)
    assert old.peak_at == last
    assert ties[0].drop == pytest.approx(old.peak - old.strength)
    # as of the end of those weeks nothing had faded yet
    assert run(fading_ties, "me", 10, last + timedelta(days=1)) == []


def test_portfolio_mix_and_strongest_strategic(run) -> None:
    net = network()
    run.load(net)
    answer = run(portfolio, "me", 5, NOW)
    mix = {share.kind: share for share in answer.mix}
    assert (mix["strategic"].ties, mix["personal"].ties, mix["unclassified"].ties) == (2, 1, 1)
    strengths = {p: net.strength("me", p, NOW) for p in ["old", "recent", "weak", "fresh"]}
    assert mix["strategic"].strength == pytest.approx(strengths["old"] + strengths["recent"])
    assert mix["strategic"].share == pytest.approx(
        (strengths["old"] + strengths["recent"]) / sum(strengths.values()))
    assert sum(share.share for share in answer.mix) == pytest.approx(1.0)
    assert [t.id for t in answer.strongest_strategic] == ["recent", "old"]
    # before any tie existed the portfolio is empty
    empty = run(portfolio, "me", 5, T0 - timedelta(days=1))
    assert all(share.ties == 0 and share.share == 0.0 for share in empty.mix)


def test_request_along_a_warm_path_reaches_the_broker_with_balance(run) -> None:
    net = Network()
    for p in ["ana", "ben", "cleo", "dan"]:
        net.person(p)
    net.met("ana", "ben", T0)
    help_ = net.helped("ana", "ben", T0 + timedelta(days=1))
    net.thanked("ben", "ana", T0 + timedelta(days=2), help_)
    net.met("ben", "cleo", T0)
    run.load(net)
    path = run(warm_introductions, "ana", "cleo", "person", 2, 1, NOW).paths[0]
    request = request_along(path)
    assert (request.requester, request.broker, request.target) == ("ana", "ben", "cleo")
    assert request.path == ["ana", "ben", "cleo"]

    # what the projector writes for the request (an Introduction BY the broker, OF both)
    net.introduction("i1", "ben", "ana", "cleo", NOW, "requested", requester="ana",
                     target="cleo", path=request.path)
    net.introduction("i2", "dan", "ana", "cleo", NOW, "requested", requester="ana",
                     target="cleo", path=["ana", "dan", "cleo"])
    run.load(net)
    neo = run.driver
    neo.execute_query("MATCH (p:Person {id: 'ana'}) SET p.given = 1, p.received = 0")
    pending = run(pending_introductions, "ben")
    assert [(p.id, p.requester, p.target, p.path) for p in pending] == [
        ("i1", "ana", "cleo", ["ana", "ben", "cleo"])]
    assert (pending[0].given, pending[0].received, pending[0].balance) == (1, 0, 1)
    assert run(pending_introductions, "cleo") == []
