"""Tie-strength maths, pure Python: `strength` (weights, decay, saturation, reciprocity)
and `ledger` (one tie's events, the reference the graph is tested against)."""
