// People with ties, in a stable order (the warm-introduction benchmark draws from them).
MATCH (p:Person)
WHERE NOT coalesce(p.forgotten, false) AND COUNT { (p)-[:KNOWS]-() } > 0
RETURN p.id AS id, COUNT { (p)-[:KNOWS]-() } AS degree
ORDER BY p.id
