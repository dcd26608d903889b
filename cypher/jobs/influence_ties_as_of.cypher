// Influence job as of instant $t (epoch seconds): one row per tie formed by $t between
// people who are not forgotten (now), raw; the job replays strength and giving at $t.
MATCH (p:Person)-[k:KNOWS]->(q:Person)
WHERE NOT coalesce(p.forgotten, false) AND NOT coalesce(q.forgotten, false)
  AND k.since.epochMillis <= $t * 1000.0
// include fragments/tie_deposits (edges, intros, connection)
RETURN p.id AS a, q.id AS b, connection, edges, intros
