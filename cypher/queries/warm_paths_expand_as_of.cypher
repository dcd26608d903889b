// As warm_paths_expand, as of instant $t (epoch seconds): the ties of a frontier of people
// formed by $t, raw (the strength and giving at $t are replayed from them). A broker
// accepts introductions as their preference of the latest instant by $t said
// (accepts_changes / accepts_changed_at; everyone accepts until they say otherwise).
UNWIND $ids AS id
MATCH (p:Person {id: id})-[k:KNOWS]-(q:Person)
WHERE NOT coalesce(q.forgotten, false) AND k.since.epochMillis <= $t * 1000.0
WITH p, q, k, $t * 1000.0 AS tMs
WITH p, q, k,
     CASE WHEN q.accepts_changes IS NULL THEN coalesce(q.accepts_introductions, true)
          ELSE reduce(s = {at: null, accepts: true},
                      i IN range(0, size(q.accepts_changes) - 1) |
                      CASE WHEN q.accepts_changed_at[i].epochMillis <= tMs
                                AND (s.at IS NULL OR q.accepts_changed_at[i] >= s.at)
                           THEN {at: q.accepts_changed_at[i], accepts: q.accepts_changes[i]}
                           ELSE s END).accepts END AS accepts
// include fragments/tie_deposits (edges, intros, connection)
// One record per frontier person with its ties as a list (as warm_paths_expand).
WITH p, collect({
       b: q.id, bName: q.name, bAccepts: accepts,
       bDegree: COUNT { (q)-[:KNOWS]-() },
       connection: connection,
       edges: edges, intros: intros}) AS ties
RETURN p.id AS a, ties
