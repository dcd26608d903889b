"""The rebuild gate: reads refuse while a rebuild runs, and a read that ran across the start
of one is refused after it ran (its rows may come from a half-wiped graph)."""

from __future__ import annotations

import pytest

from graph.rebuilding import GraphRebuilding, RebuildGate


def test_reads_pass_outside_a_rebuild_and_refuse_inside() -> None:
    gate = RebuildGate()
    before = gate.check()
    assert gate.check(before) == before
    with gate.rebuilding():
        with pytest.raises(GraphRebuilding) as refused:
            gate.check()
        assert refused.value.code == "REBUILDING"
    assert gate.check() == before + 1


def test_a_read_across_the_start_of_a_rebuild_is_refused_after_it_ran() -> None:
    gate = RebuildGate()
    started = gate.check()
    with gate.rebuilding():
        pass  # the rebuild began and even ended while the read ran
    with pytest.raises(GraphRebuilding):
        gate.check(started)


def test_a_failed_rebuild_opens_the_gate_again() -> None:
    gate = RebuildGate()
    with pytest.raises(RuntimeError), gate.rebuilding():
        raise RuntimeError("the graph went away")
    assert not gate.active
    gate.check()
