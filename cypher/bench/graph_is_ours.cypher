// Whether the benchmarks may wipe the graph: it is empty (but for the rebuild marker a
// rebuild leaves), or they marked it as theirs.
CALL () { MATCH (n) WHERE NOT n:GraphRebuild WITH n LIMIT 1 RETURN count(n) AS nodes }
CALL () { MATCH (m:BenchmarkGraph) RETURN count(m) AS marks }
RETURN nodes = 0 OR marks > 0 AS ours
