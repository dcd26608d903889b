// The ties of one person formed by instant $t (epoch seconds), for their strength at $t and
// its peak up to $t; with every classification (kinds, kinds_at) for the kind as of $t and
// the latest meeting, help, thanks or referral by $t (lastAt).
MATCH (p:Person {id: $person})-[k:KNOWS]-(q:Person)
WHERE NOT coalesce(q.forgotten, false) AND k.since.epochMillis <= $t * 1000.0
// include fragments/tie_deposits (edges, intros, connection)
RETURN q.id AS id, q.name AS name,
       k.kind AS kind, k.classified_at AS classified_at, k.kinds AS kinds,
       k.kinds_at AS kinds_at,
       connection, edges, intros,
       reduce(last = null, e IN edges | CASE WHEN e.at.epochMillis <= $t * 1000.0
                                              AND (last IS NULL OR e.at > last)
                                         THEN e.at ELSE last END) AS lastAt
