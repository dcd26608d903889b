"""`answered_within`: the bound on a server's first answer, lifted by an answer elsewhere."""

from __future__ import annotations

import asyncio
import time

import pytest
from neo4j.exceptions import ServiceUnavailable

from graph.errors import GraphUnavailable, answered_within

BOUND_S = 0.2


class Probe:
    """What `alive` would do on a server: answer after `answer_s`, or fail, counted."""

    def __init__(self, answer_s: float | None = 0.0, fails: bool = False) -> None:
        self.answer_s, self.fails, self.asked = answer_s, fails, 0

    async def __call__(self) -> None:
        self.asked += 1
        if self.answer_s is None:
            await asyncio.Event().wait()  # never answers
        else:
            await asyncio.sleep(self.answer_s)
        if self.fails:
            raise ServiceUnavailable("refused")


async def first_answer_after(seconds: float, probe: Probe | None) -> float:
    """How long a block whose server first answers after `seconds` ran."""
    began = time.monotonic()
    async with answered_within(BOUND_S, probe) as begun:
        await asyncio.sleep(seconds)
        begun()
        await asyncio.sleep(BOUND_S * 1.5)  # the rest of the block is not bounded
    return time.monotonic() - began


def test_a_prompt_answer_asks_nothing_else() -> None:
    probe = Probe()
    asyncio.run(first_answer_after(BOUND_S / 10, probe))
    assert probe.asked == 0


def test_a_slow_answer_is_waited_for_while_the_server_answers_elsewhere() -> None:
    probe = Probe()
    took = asyncio.run(first_answer_after(BOUND_S * 3, probe))
    assert probe.asked == 1 and took >= BOUND_S * 4.5


@pytest.mark.parametrize("probe", [None, Probe(answer_s=None), Probe(fails=True),
                                   Probe(answer_s=BOUND_S)],
                         ids=["no probe", "probe unanswered", "probe refused", "probe late"])
def test_no_answer_anywhere_within_the_bound_is_the_graph_unavailable(
        probe: Probe | None) -> None:
    began = time.monotonic()
    with pytest.raises(GraphUnavailable):
        asyncio.run(first_answer_after(BOUND_S * 5, probe))
    assert time.monotonic() - began < BOUND_S * 4  # the block alone would take 5


def test_a_timeout_of_the_block_itself_is_not_taken_for_the_graph() -> None:
    async def block() -> None:
        async with answered_within(BOUND_S * 5, Probe()):
            async with asyncio.timeout(BOUND_S / 10):
                await asyncio.sleep(BOUND_S)

    with pytest.raises(TimeoutError):
        asyncio.run(block())


def test_no_bound_waits_as_long_as_it_takes() -> None:
    async def block() -> None:
        async with answered_within(None, Probe(fails=True)) as begun:
            await asyncio.sleep(BOUND_S)
            begun()

    asyncio.run(block())
