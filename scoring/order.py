"""How scores rank. Two scores equal in exact arithmetic may differ in their last bits when
computed along different float paths (a path's hops multiplied in another order, a rebuild
summing the same deposits in other batches), so every ordered answer compares scores
rounded to `SIGNIFICANT_DIGITS` and breaks what is then equal by ids: the same question
gives the same order, and pages never repeat or skip an item."""

from __future__ import annotations

SIGNIFICANT_DIGITS = 12


def rank(score: float) -> float:
    """The score as it ranks: rounded to `SIGNIFICANT_DIGITS` significant digits."""
    return float(f"{score:.{SIGNIFICANT_DIGITS}g}")
