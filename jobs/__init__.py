"""Graph-wide jobs: the influence job (PageRank, brokerage, giving balance), what it reads
and its array maths."""
