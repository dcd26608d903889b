// The events behind each hop of a path, up to instant $t: per pair, per kind and
// direction, how many, first and last.
UNWIND $pairs AS pair
MATCH (a:Person {id: pair.a}), (b:Person {id: pair.b})
OPTIONAL MATCH (a)-[e:HELPED|THANKED|MET|REFERRED]-(b)
WHERE e.at.epochMillis <= $t * 1000.0
WITH pair, a, b, e
RETURN pair.a AS a, pair.b AS b, a.name AS aName, b.name AS bName,
       CASE WHEN e IS NULL THEN null ELSE type(e) END AS kind,
       CASE WHEN e IS NULL THEN null ELSE startNode(e) = a END AS forward,
       count(e) AS times, min(e.at) AS first, max(e.at) AS last
