// The targets of a warm-introduction search: everyone working at an organization.
MATCH (:Organization {name: $value})<-[:WORKS_AT]-(t:Person)
WHERE NOT coalesce(t.forgotten, false) AND t.id <> $source
RETURN t.id AS id, t.name AS name, COUNT { (t)-[:KNOWS]-() } AS degree
