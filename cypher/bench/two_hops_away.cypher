// Someone two hops from $source but not nearer: a realistic "who could introduce me?" target.
MATCH (s:Person {id: $source})-[:KNOWS*2..2]-(t:Person)
WHERE t <> s AND NOT (s)-[:KNOWS]-(t) AND NOT coalesce(t.forgotten, false)
RETURN DISTINCT t.id AS id
ORDER BY id
LIMIT 20
