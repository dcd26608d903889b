"""The influence job on small networks whose answers are known: a bridge brokers most,
a giver is more trusted than a taker, giving balance counts and values, as-of differences,
and the scores written onto Person nodes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from scoring_network import Network

from jobs.influence import WeightedTie, analyse, pagerank, run_job
from reads.influencers import influencers
from scoring.order import rank

pytestmark = pytest.mark.neo4j

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def two_clusters_and_a_bridge() -> Network:
    net = Network()
    for p in ["a1", "a2", "a3", "b1", "b2", "b3"]:
        net.person(p, organization="Acme" if p.startswith("a") else "Globex", tags=("ops",))
    net.person("x", organization="Acme", tags=("ops",))
    for cluster in (["a1", "a2", "a3"], ["b1", "b2", "b3"]):
        for i, p in enumerate(cluster):
            for q in cluster[i + 1:]:
                net.met(p, q, T0)
                net.met(p, q, T0 + timedelta(days=30))
    net.met("x", "a1", T0)
    net.met("x", "b1", T0)
    net.member("x", "g1", "leader")
    for p in ["a1", "b1", "a2"]:
        net.member(p, "g1")
    return net


def test_the_bridge_brokers_most(run, neo4j_driver) -> None:
    run.load(two_clusters_and_a_bridge())
    analysis = analyse(neo4j_driver, T0 + timedelta(days=60))
    brokerage = {p: s.brokerage for p, s in analysis.scores.items()}
    assert analysis.betweenness_exact
    assert max(brokerage, key=brokerage.get) == "x"
    # x lies on every shortest path between the clusters except those through a1/b1 ends:
    # pairs (a2|a3|a1)×(b1|b2|b3) minus none = 9 pairs all via x; normalised by C(6,2)=15
    assert brokerage["x"] == pytest.approx(9 / 15)
    assert brokerage["a2"] == 0.0
    assert sum(s.influence for s in analysis.scores.values()) == pytest.approx(1.0)


def test_a_giver_is_more_trusted_than_a_taker(run, neo4j_driver) -> None:
    net = Network()
    for p in ["giver", "taker", "c"]:
        net.person(p)
    # a symmetric triangle, except that the giver helps both others, confirmed
    for p, q in [("giver", "taker"), ("giver", "c"), ("taker", "c")]:
        net.met(p, q, T0)
    net.helped("giver", "taker", T0)
    net.helped("giver", "c", T0)
    net.referred("giver", "taker", T0, value=1200.0, closed_at=T0 + timedelta(days=5))
    net.referred("c", "giver", T0)
    net.helped("taker", "c", T0)
    net.helped("c", "taker", T0)
    run.load(net)
    scores = analyse(neo4j_driver, T0 + timedelta(days=10)).scores
    assert scores["giver"].influence > scores["c"].influence
    assert scores["giver"].influence > scores["taker"].influence
    assert (scores["giver"].given, scores["giver"].received) == (3, 1)
    assert (scores["taker"].given, scores["taker"].received) == (1, 3)
    assert (scores["c"].given, scores["c"].received) == (2, 2)
    assert scores["giver"].given_value == 1200.0
    assert scores["taker"].received_value == 1200.0
    # as of before the referral closed: no value yet; before everything: nothing
    before_close = analyse(neo4j_driver, T0 + timedelta(days=2)).scores
    assert before_close["giver"].given_value == 0.0
    assert before_close["giver"].given == 3
    assert analyse(neo4j_driver, T0 - timedelta(days=1)).scores["giver"].given == 0


def test_pagerank_is_uniform_on_a_balanced_ring() -> None:
    people = [f"p{i}" for i in range(6)]
    ties = [WeightedTie(people[i], people[(i + 1) % 6], 0.5, 1.0, 1.0) for i in range(6)]
    assert all(v == pytest.approx(1 / 6) for v in pagerank(people, ties).values())


def test_job_writes_scores_onto_people_and_influencers_reads_them(run, neo4j_driver) -> None:
    net = two_clusters_and_a_bridge()
    net.met("a1", "b1", T0 - timedelta(days=400))  # an old tie: not there as of before it
    run.load(net)
    analysis = run_job(neo4j_driver)
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (p:Person) RETURN p.id AS id, p.influence AS influence, "
        "p.brokerage AS brokerage, p.given AS given, p.analysed_at AS at")
    stored = {r["id"]: r for r in records}
    assert set(stored) == set(analysis.scores)
    for p, s in analysis.scores.items():
        assert stored[p]["influence"] == pytest.approx(s.influence)
        assert stored[p]["brokerage"] == pytest.approx(s.brokerage)
        assert stored[p]["at"] is not None

    top = run(influencers, "group", "g1", 2)
    members = {"x", "a1", "b1", "a2"}
    # ranked as the read ranks (scores to their significant digits, then ids): a1 and b1
    # mirror each other, and PageRank's last digits may put either first
    expected = sorted(members, key=lambda p: (-rank(analysis.scores[p].influence),
                                              -rank(analysis.scores[p].brokerage), p))[:2]
    assert [i.id for i in top] == expected
    assert run(influencers, "organization", "Globex", 10)[0].id in {"b1", "b2", "b3"}
    assert {i.id for i in run(influencers, "tag", "ops", 10)} == {
        "a1", "a2", "a3", "b1", "b2", "b3", "x"}

    # as of a past instant the job is computed in memory: before the clusters met,
    # only the old a1–b1 tie existed, so a1 and b1 share the top
    past = run(influencers, "organization", "Acme", 10,
               T0 - timedelta(days=1))
    assert {i.id for i in past[:1]} == {"a1"}
    assert past[0].scores.influence > past[-1].scores.influence
