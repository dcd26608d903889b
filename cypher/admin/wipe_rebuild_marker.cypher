// Removes the rebuild marker (tests start from a graph without one).
MATCH (m:GraphRebuild)
DELETE m
