"""How scores rank (`scoring.order.rank`): monotone, and blind to float noise."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from scoring.order import rank

SCORES = st.floats(0.0, 1.0, allow_nan=False)


@given(SCORES, SCORES)
def test_rank_keeps_the_order_of_scores(x: float, y: float) -> None:
    if x <= y:
        assert rank(x) <= rank(y)


@given(SCORES)
def test_rank_is_within_rounding_of_the_score(x: float) -> None:
    assert math.isclose(rank(x), x, rel_tol=1e-11, abs_tol=0.0)


def test_products_in_another_order_rank_equal() -> None:
    assert 0.1 * 0.2 * 0.3 != 0.3 * 0.2 * 0.1
    assert rank(0.1 * 0.2 * 0.3) == rank(0.3 * 0.2 * 0.1)
