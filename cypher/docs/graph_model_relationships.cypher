// Every relationship type in the graph with the labels of its start and end nodes (as
// stored, so directions are checked too) and every property key found on it, for the test
// that checks the graph model table of docs/architecture.md against a projected graph.
// The appended null keeps types that carry no property (collect drops it).
MATCH (s)-[r]->(t)
UNWIND labels(s) AS source
UNWIND labels(t) AS target
UNWIND keys(r) + [null] AS key
WITH source, type(r) AS type, target, collect(DISTINCT key) AS keys
RETURN source, type, target, keys
ORDER BY type, source, target
