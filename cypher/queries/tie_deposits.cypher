// The ties of one person with every deposit of epoch mass that made them (each
// event-level edge's m — m0 while it was an unconfirmed claim —, a closed referral's
// m_closed, a made introduction's m, an imported connection's m_connected), up to instant
// $t (epoch seconds), so strength at any instant up to $t and its peak can be evaluated;
// with every classification (kinds, kinds_at) for the kind as of $t.
MATCH (me:Person {id: $person})-[k:KNOWS]-(other:Person)
WHERE NOT coalesce(other.forgotten, false) AND k.since.epochMillis <= $t * 1000.0
WITH me, other, k, $t * 1000.0 AS tMs
WITH me, other, k, tMs,
     [(me)-[e:HELPED|THANKED|MET|REFERRED]-(other) WHERE e.at.epochMillis <= tMs
      | {at: e.at.epochMillis / 1000.0,
         m: CASE WHEN e.confirmed_at IS NULL OR e.confirmed_at.epochMillis <= tMs
                 THEN e.m ELSE coalesce(e.m0, e.m) END}]
     + [(me)-[e:REFERRED]-(other) WHERE e.closed_at IS NOT NULL
                                     AND e.closed_at.epochMillis <= tMs
        | {at: e.closed_at.epochMillis / 1000.0, m: coalesce(e.m_closed, 0.0)}]
     + [(me)<-[:OF]-(i:Introduction)-[:OF]->(other)
        WHERE i.made_at IS NOT NULL AND i.made_at.epochMillis <= tMs
        | {at: i.made_at.epochMillis / 1000.0, m: coalesce(i.m, 0.0)}]
     + CASE WHEN k.connected_at IS NOT NULL AND k.connected_at.epochMillis <= tMs
            THEN [{at: k.connected_at.epochMillis / 1000.0, m: coalesce(k.m_connected, 0.0)}]
            ELSE [] END AS deposits,
     [(me)-[e:HELPED|THANKED|MET|REFERRED]-(other) WHERE e.at.epochMillis <= tMs | e.at]
       AS moments
RETURN other.id AS id, other.name AS name,
       k.kind AS kind, k.classified_at AS classified_at, k.kinds AS kinds,
       k.kinds_at AS kinds_at,
       deposits,
       reduce(last = null, at IN moments | CASE WHEN last IS NULL OR at > last THEN at
                                                 ELSE last END) AS lastAt
