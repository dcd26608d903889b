// Every node but projection bookkeeping (positions, the rebuild marker), with its labels,
// natural key and properties, for the canonical graph hash (rebuild = incremental).
// Internal ids are never used: they differ between two builds of the same graph.
MATCH (n)
WHERE NOT n:ProjectionPosition AND NOT n:GraphRebuild
RETURN labels(n) AS labels, coalesce(n.id, n.name) AS key, properties(n) AS props
