// The ties of a frontier of people, as path-finding needs them, at instant $t (epoch
// seconds): strength from the stored epoch mass m, and the decayed giving each way
// (help and referrals) for reciprocity. Forgotten people are never returned.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[k:KNOWS]-(q:Person)
WHERE NOT coalesce(q.forgotten, false) AND coalesce(k.m, 0.0) > 0.0
WITH p, q, k.m * 2.0 ^ (($epochUnix - $t) / $halfLife) AS mass
RETURN p.id AS a, q.id AS b, q.name AS bName,
       coalesce(q.accepts_introductions, true) AS bAccepts,
       COUNT { (q)-[:KNOWS]-() } AS bDegree,
       1.0 - exp(-mass / $k) AS strength,
       reduce(s = 0.0, g IN [(p)-[g:HELPED|REFERRED]->(q) WHERE g.at.epochMillis <= $t * 1000.0 | g]
              | s + g.weight * 2.0 ^ ((g.at.epochMillis / 1000.0 - $t) / $halfLife)) AS givenAB,
       reduce(s = 0.0, g IN [(q)-[g:HELPED|REFERRED]->(p) WHERE g.at.epochMillis <= $t * 1000.0 | g]
              | s + g.weight * 2.0 ^ ((g.at.epochMillis / 1000.0 - $t) / $halfLife)) AS givenBA
