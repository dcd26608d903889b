// Every node label in the graph with every property key found on its nodes, for the test
// that checks the graph model table of docs/architecture.md against a projected graph.
// The appended null keeps labels whose nodes carry no property (collect drops it).
MATCH (n)
UNWIND labels(n) AS label
UNWIND keys(n) + [null] AS key
WITH label, collect(DISTINCT key) AS keys
RETURN label, keys
ORDER BY label
