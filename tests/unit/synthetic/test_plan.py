"""The plan is deterministic for a seed and draws the network the benchmarks promise:
takers who never give, brokers who span communities, heavy-tailed degrees, valid order."""

from __future__ import annotations

from synthetic.plan import Op, plan


def test_same_seed_same_plan_other_seed_other_plan() -> None:
    first, again, other = plan(300, 1, seed=5), plan(300, 1, seed=5), plan(300, 1, seed=6)
    assert list(first) == list(again)
    assert first.network.ids == again.network.ids
    assert first.expected_events() == again.expected_events()
    assert list(first) != list(other)


def test_takers_never_give_and_brokers_span_communities() -> None:
    p = plan(1000, 2, seed=1)
    net = p.network
    takers = set(net.takers)
    assert len(takers) >= 0.04 * net.size and net.brokers
    for step in p:
        if step.op in (Op.HELP, Op.REFER):  # the giving side
            giver = net.tie_a[step.p1] if step.p2 == 1 else net.tie_b[step.p1]
            assert giver not in takers
        elif step.op is Op.INTRO_DIRECT:
            assert step.p2 not in takers
    received = {net.tie_b[s.p1] if s.p2 == 1 else net.tie_a[s.p1] for s in p if s.op is Op.HELP}
    assert takers & received  # they do receive
    for broker in net.brokers:
        spanned = {net.community[b if a == broker else a]
                   for a, b in zip(net.tie_a, net.tie_b, strict=True) if broker in (a, b)}
        assert len(spanned) >= 3


def test_heavy_tailed_degrees_and_introduced_ties() -> None:
    summary = plan(1000, 2, seed=2).summary()
    assert summary["degree_max"] > 4 * summary["degree_median"]
    assert summary["ties_introduced"] > 0
    assert summary["events"] > summary["ties"]


def test_steps_are_in_time_order_and_ties_begin_before_use() -> None:
    p = plan(500, 1, seed=3)
    begun: set[int] = set()
    last = -1
    for step in p:
        assert step.t >= last
        last = step.t
        if step.op in (Op.CONNECT, Op.INTRO_DIRECT, Op.INTRO_MAKE) or (
                step.op is Op.MEET and step.p3 == 1):
            assert step.p1 not in begun
            begun.add(step.p1)
        elif step.op in (Op.MEET, Op.HELP, Op.CONFIRM, Op.THANK, Op.CLASSIFY, Op.REFER):
            assert step.p1 in begun
    assert len(begun) == p.network.tie_count()
