// As warm_paths_expand, as of instant $t (epoch seconds) without a replay: the tie's epoch
// mass is re-summed from what the projector keeps apart — each event-level edge's m (or m0,
// what it counted while unconfirmed, when confirmed after $t), a closed referral's m_closed,
// a made introduction's m, an imported connection's m_connected — counting only what had
// happened by $t. Ties formed after $t do not exist yet. A broker accepts introductions as
// their preference of the latest instant by $t said (accepts_changes / accepts_changed_at;
// everyone accepts until they say otherwise).
UNWIND $ids AS id
MATCH (p:Person {id: id})-[k:KNOWS]-(q:Person)
WHERE NOT coalesce(q.forgotten, false) AND k.since.epochMillis <= $t * 1000.0
WITH p, q, k, $t * 1000.0 AS tMs, 2.0 ^ (($epochUnix - $t) / $halfLife) AS decay
WITH p, q, k, tMs, decay,
     CASE WHEN q.accepts_changes IS NULL THEN coalesce(q.accepts_introductions, true)
          ELSE reduce(s = {at: null, accepts: true},
                      i IN range(0, size(q.accepts_changes) - 1) |
                      CASE WHEN q.accepts_changed_at[i].epochMillis <= tMs
                                AND (s.at IS NULL OR q.accepts_changed_at[i] >= s.at)
                           THEN {at: q.accepts_changed_at[i], accepts: q.accepts_changes[i]}
                           ELSE s END).accepts END AS accepts
WITH p, q, k, tMs, decay, accepts,
     [(p)-[e:HELPED|THANKED|MET|REFERRED]-(q) WHERE e.at.epochMillis <= tMs
      | {giver: startNode(e).id, giving: type(e) IN ['HELPED', 'REFERRED'],
         m: CASE WHEN e.confirmed_at IS NULL OR e.confirmed_at.epochMillis <= tMs
                 THEN e.m ELSE coalesce(e.m0, e.m) END
            + CASE WHEN e.closed_at IS NOT NULL AND e.closed_at.epochMillis <= tMs
                   THEN coalesce(e.m_closed, 0.0) ELSE 0.0 END}] AS events
WITH p, q, decay, events, accepts,
     reduce(s = 0.0, e IN events | s + e.m)
     + reduce(s = 0.0, i IN [(p)<-[:OF]-(i:Introduction)-[:OF]->(q)
                              WHERE i.made_at IS NOT NULL AND i.made_at.epochMillis <= tMs | i]
              | s + coalesce(i.m, 0.0))
     + CASE WHEN k.connected_at IS NOT NULL AND k.connected_at.epochMillis <= tMs
            THEN coalesce(k.m_connected, 0.0) ELSE 0.0 END AS m
WHERE m > 0.0
// One record per frontier person with its ties as a list (as warm_paths_expand).
WITH p, collect({
       b: q.id, bName: q.name, bAccepts: accepts,
       bDegree: COUNT { (q)-[:KNOWS]-() },
       strength: 1.0 - exp(-m * decay / $k),
       givenAB: decay * reduce(s = 0.0, e IN events | s + CASE WHEN e.giving AND e.giver = p.id
                                                             THEN e.m ELSE 0.0 END),
       givenBA: decay * reduce(s = 0.0, e IN events | s + CASE WHEN e.giving AND e.giver = q.id
                                                             THEN e.m ELSE 0.0 END)}) AS ties
RETURN p.id AS a, ties
