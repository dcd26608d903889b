// The ties of a frontier of people, as path-finding needs them, at instant $t (epoch
// seconds): strength from the stored epoch mass m, and the decayed giving each way (help
// and referrals) for reciprocity from the epoch giving masses g_ab / g_ba the projector
// keeps on KNOWS (a→b is the stored direction). Reads KNOWS only. Forgotten people never
// appear.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[k:KNOWS]-(q:Person)
WHERE NOT coalesce(q.forgotten, false) AND coalesce(k.m, 0.0) > 0.0
WITH p, q, k, 2.0 ^ (($epochUnix - $t) / $halfLife) AS decay, startNode(k) = p AS forward
// One record per frontier person with its ties as a list: the async driver pays per record
// far more than per value, so 30 records of 30 ties beat 900 records.
WITH p, collect({
       b: q.id, bName: q.name, bAccepts: coalesce(q.accepts_introductions, true),
       bDegree: COUNT { (q)-[:KNOWS]-() },
       strength: 1.0 - exp(-k.m * decay / $k),
       givenAB: decay * CASE WHEN forward THEN k.g_ab ELSE k.g_ba END,
       givenBA: decay * CASE WHEN forward THEN k.g_ba ELSE k.g_ab END}) AS ties
RETURN p.id AS a, ties
