// The ties of a person (or one tie, when $other is given).
MATCH (p:Person {id: $person})-[k:KNOWS]-(q:Person)
WHERE $other IS NULL OR q.id = $other
// include fragments/tie_deposits (edges, intros, connection)
RETURN q.id AS other, q.name AS name, coalesce(q.forgotten, false) AS forgotten,
       k.id AS relationship, k.since AS since,
       connection,
       k.kind AS kind, k.classified_at AS classified_at, k.kinds AS kinds,
       k.kinds_at AS kinds_at, edges, intros
