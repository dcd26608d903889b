// Influence job, read 1: every tie between people who are not forgotten, at instant $t
// (epoch seconds): strength from the stored epoch mass and the decayed giving each way.
MATCH (p:Person)-[k:KNOWS]->(q:Person)
WHERE NOT coalesce(p.forgotten, false) AND NOT coalesce(q.forgotten, false)
  AND coalesce(k.m, 0.0) > 0.0
WITH p, q, k, 2.0 ^ (($epochUnix - $t) / $halfLife) AS decay
RETURN p.id AS a, q.id AS b, 1.0 - exp(-k.m * decay / $k) AS strength,
       decay * reduce(s = 0.0, g IN [(p)-[g:HELPED|REFERRED]->(q) | g]
                      | s + g.m + coalesce(g.m_closed, 0.0)) AS givenAB,
       decay * reduce(s = 0.0, g IN [(q)-[g:HELPED|REFERRED]->(p) | g]
                      | s + g.m + coalesce(g.m_closed, 0.0)) AS givenBA
