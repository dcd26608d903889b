// The ties of many pairs, as `asof_ties` gives them for one person, for the as-of
// dataloader. $pairs: list of [person, other]; `key` is the index into $pairs (a pair that
// never met returns no row).
UNWIND range(0, size($pairs) - 1) AS key
MATCH (p:Person {id: $pairs[key][0]})-[k:KNOWS]-(q:Person {id: $pairs[key][1]})
// include fragments/tie_deposits (edges, intros, connection)
RETURN key, q.id AS other, k.id AS relationship, k.since AS since,
       connection,
       k.kind AS kind, k.classified_at AS classified_at, k.kinds AS kinds,
       k.kinds_at AS kinds_at, edges, intros
