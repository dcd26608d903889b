// The people within an organization, never forgotten ones.
MATCH (:Organization {name: $value})<-[:WORKS_AT]-(p:Person)
WHERE NOT coalesce(p.forgotten, false)
RETURN p.id AS id
