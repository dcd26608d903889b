// Every group by name then id, one page ($skip, $limit).
MATCH (g:Group)
RETURN g.id AS id, g.name AS name, g.purpose AS purpose, g.formed_at AS formed_at
ORDER BY g.name, g.id
SKIP $skip LIMIT $limit
