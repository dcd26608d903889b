// Influence job, read now: one row per person who is not forgotten, with their giving
// balance and their ties in the stored direction (p = a, the lower id) as parallel lists.
// One row per person, not per tie (100k rows instead of 1.27M at 100k people), is what
// keeps the read short. `others` may name forgotten people: the caller drops those ties.
// Giving counts what the other side confirmed: help and referrals confirmed (or accepted),
// introductions one of the two introduced confirmed. A tie's strength here counts only
// what both sides vouched for (m − m_open): one side's word alone carries no influence.
MATCH (p:Person)
WHERE NOT coalesce(p.forgotten, false)
WITH p, 2.0 ^ (($epochUnix - $t) / $halfLife) AS decay
WITH p, decay, [(p)-[k:KNOWS]->(q:Person)
                WHERE coalesce(k.m, 0.0) - coalesce(k.m_open, 0.0) > 1e-9 * coalesce(k.m, 0.0)
                | [q.id, 1.0 - exp(-(k.m - coalesce(k.m_open, 0.0)) * decay / $k),
                   decay * k.g_ab, decay * k.g_ba]] AS ties
RETURN p.id AS id,
       [t IN ties | t[0]] AS others, [t IN ties | t[1]] AS strengths,
       [t IN ties | t[2]] AS givenAB, [t IN ties | t[3]] AS givenBA,
       COUNT { (p)-[e:HELPED|REFERRED]->() WHERE coalesce(e.confirmed, true) }
       + COUNT { (p)<-[:BY]-(i:Introduction {status: 'made'})
                 WHERE coalesce(i.confirmations, 0) >= 1 } AS given,
       COUNT { (p)<-[e:HELPED|REFERRED]-() WHERE coalesce(e.confirmed, true) } AS received,
       reduce(s = 0.0, v IN [(p)-[e:REFERRED]->() WHERE e.closed_at IS NOT NULL
                             | coalesce(e.value, 0.0)] | s + v) AS givenValue,
       reduce(s = 0.0, v IN [(p)<-[e:REFERRED]-() WHERE e.closed_at IS NOT NULL
                             | coalesce(e.value, 0.0)] | s + v) AS receivedValue
