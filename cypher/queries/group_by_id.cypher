// One group by $id.
MATCH (g:Group {id: $id})
RETURN g.id AS id, g.name AS name, g.purpose AS purpose, g.formed_at AS formed_at
