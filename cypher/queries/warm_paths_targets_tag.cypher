// The targets of a warm-introduction search: everyone carrying a tag.
MATCH (t:Person)
WHERE $value IN coalesce(t.tags, []) AND NOT coalesce(t.forgotten, false) AND t.id <> $source
RETURN t.id AS id, t.name AS name, COUNT { (t)-[:KNOWS]-() } AS degree
