// Influence job, read now, for ties projected before KNOWS kept g_ab/g_ba: each giver's
// decayed giving to each receiver at instant $t, from the event-level edges (help and
// referrals, a closed referral's own deposit included), one row per giver. Scanning every
// giving edge once costs less than looking up each tie's edges from both ends.
MATCH (p:Person)
WHERE NOT coalesce(p.forgotten, false)
WITH p, 2.0 ^ (($epochUnix - $t) / $halfLife) AS decay
WITH p, decay, [(p)-[g:HELPED|REFERRED]->(q:Person) | [q.id, g.m + coalesce(g.m_closed, 0.0)]]
     AS gifts
WHERE gifts <> []
RETURN p.id AS giver, [x IN gifts | x[0]] AS receivers, [x IN gifts | decay * x[1]] AS given
