// The ties of a frontier of people, as path-finding needs them, at instant $t (epoch
// seconds): strength from the stored epoch mass m, and the decayed giving each way (help
// and referrals, from their epoch masses) for reciprocity. Forgotten people never appear.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[k:KNOWS]-(q:Person)
WHERE NOT coalesce(q.forgotten, false) AND coalesce(k.m, 0.0) > 0.0
WITH p, q, k, 2.0 ^ (($epochUnix - $t) / $halfLife) AS decay
RETURN p.id AS a, q.id AS b, q.name AS bName,
       coalesce(q.accepts_introductions, true) AS bAccepts,
       COUNT { (q)-[:KNOWS]-() } AS bDegree,
       1.0 - exp(-k.m * decay / $k) AS strength,
       decay * reduce(s = 0.0, g IN [(p)-[g:HELPED|REFERRED]->(q) | g]
                      | s + g.m + coalesce(g.m_closed, 0.0)) AS givenAB,
       decay * reduce(s = 0.0, g IN [(q)-[g:HELPED|REFERRED]->(p) | g]
                      | s + g.m + coalesce(g.m_closed, 0.0)) AS givenBA
