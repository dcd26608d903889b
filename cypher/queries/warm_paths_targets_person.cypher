// The target of a warm-introduction search: one person (never a forgotten one, never me).
MATCH (t:Person {id: $value})
WHERE NOT coalesce(t.forgotten, false) AND t.id <> $source
RETURN t.id AS id, t.name AS name, COUNT { (t)-[:KNOWS]-() } AS degree
