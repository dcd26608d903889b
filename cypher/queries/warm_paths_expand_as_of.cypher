// As warm_paths_expand, as of instant $t (epoch seconds) without a replay: the mass is
// recomputed from the event-level edges and introductions of the pair up to $t; a claim
// confirmed after $t counts with the one-sided factor. Ties formed after $t do not exist.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[k:KNOWS]-(q:Person)
WHERE NOT coalesce(q.forgotten, false)
  AND (k.since IS NULL OR k.since.epochMillis <= $t * 1000.0)
WITH p, q,
     [(p)-[e:HELPED|THANKED|MET|REFERRED]-(q) WHERE e.at.epochMillis <= $t * 1000.0 | e] AS events,
     [(p)<-[:OF]-(i:Introduction)-[:OF]->(q)
        WHERE i.at.epochMillis <= $t * 1000.0 AND coalesce(i.status, 'made') = 'made' | i] AS intros
WITH p, q, events,
     reduce(s = 0.0, e IN events |
       s + e.weight
           * CASE WHEN coalesce(e.confirmed, true) AND e.confirmed_at IS NOT NULL
                       AND e.confirmed_at.epochMillis > $t * 1000.0 THEN $oneSided ELSE 1.0 END
           * 2.0 ^ ((e.at.epochMillis / 1000.0 - $t) / $halfLife))
     + reduce(s = 0.0, i IN intros |
       s + $introducedWeight * 2.0 ^ ((i.at.epochMillis / 1000.0 - $t) / $halfLife)) AS mass
WHERE mass > 0.0
RETURN p.id AS a, q.id AS b, q.name AS bName,
       coalesce(q.accepts_introductions, true) AS bAccepts,
       COUNT { (q)-[:KNOWS]-() } AS bDegree,
       1.0 - exp(-mass / $k) AS strength,
       reduce(s = 0.0, g IN [e IN events WHERE type(e) IN ['HELPED', 'REFERRED']
                                            AND startNode(e) = p]
              | s + g.weight * 2.0 ^ ((g.at.epochMillis / 1000.0 - $t) / $halfLife)) AS givenAB,
       reduce(s = 0.0, g IN [e IN events WHERE type(e) IN ['HELPED', 'REFERRED']
                                            AND startNode(e) = q]
              | s + g.weight * 2.0 ^ ((g.at.epochMillis / 1000.0 - $t) / $halfLife)) AS givenBA
