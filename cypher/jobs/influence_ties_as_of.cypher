// Influence job as of instant $t: one row per tie between people who are not forgotten
// (now, influence_people reads them per person instead), with each tie's epoch mass and
// giving re-summed from what had happened by $t (see queries/warm_paths_expand_as_of).
MATCH (p:Person)-[k:KNOWS]->(q:Person)
WHERE NOT coalesce(p.forgotten, false) AND NOT coalesce(q.forgotten, false)
  AND k.since.epochMillis <= $t * 1000.0
WITH p, q, k, $t * 1000.0 AS tMs, 2.0 ^ (($epochUnix - $t) / $halfLife) AS decay
WITH p, q, k, tMs, decay,
     [(p)-[e:HELPED|THANKED|MET|REFERRED]-(q) WHERE e.at.epochMillis <= tMs
      | {giver: startNode(e).id, giving: type(e) IN ['HELPED', 'REFERRED'],
         m: CASE WHEN e.confirmed_at IS NULL OR e.confirmed_at.epochMillis <= tMs
                 THEN e.m ELSE coalesce(e.m0, e.m) END
            + CASE WHEN e.closed_at IS NOT NULL AND e.closed_at.epochMillis <= tMs
                   THEN coalesce(e.m_closed, 0.0) ELSE 0.0 END}] AS events
WITH p, q, decay, events,
     reduce(s = 0.0, e IN events | s + e.m)
     + reduce(s = 0.0, i IN [(p)<-[:OF]-(i:Introduction)-[:OF]->(q)
                              WHERE i.made_at IS NOT NULL AND i.made_at.epochMillis <= tMs | i]
              | s + coalesce(i.m, 0.0))
     + CASE WHEN k.connected_at IS NOT NULL AND k.connected_at.epochMillis <= tMs
            THEN coalesce(k.m_connected, 0.0) ELSE 0.0 END AS m
WHERE m > 0.0
RETURN p.id AS a, q.id AS b, 1.0 - exp(-m * decay / $k) AS strength,
       decay * reduce(s = 0.0, e IN events | s + CASE WHEN e.giving AND e.giver = p.id
                                                      THEN e.m ELSE 0.0 END) AS givenAB,
       decay * reduce(s = 0.0, e IN events | s + CASE WHEN e.giving AND e.giver = q.id
                                                      THEN e.m ELSE 0.0 END) AS givenBA
