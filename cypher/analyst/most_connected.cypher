// The best-connected people: number of ties, and how many of them are strong (at least
// $min_interactions interactions).
// @param min_interactions 3
// @param limit 10
MATCH (p:Person)-[t:KNOWS]-(:Person)
RETURN p.id AS id, p.name AS name, count(t) AS ties,
       count(CASE WHEN t.interactions >= $min_interactions THEN 1 END) AS strong_ties
ORDER BY ties DESC, strong_ties DESC, name
LIMIT $limit
