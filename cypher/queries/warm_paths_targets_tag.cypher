// The targets of a warm-introduction search: everyone carrying a tag.
// include fragments/people_tagged
WITH p WHERE NOT coalesce(p.forgotten, false) AND p.id <> $source
RETURN p.id AS id, p.name AS name, COUNT { (p)-[:KNOWS]-() } AS degree
