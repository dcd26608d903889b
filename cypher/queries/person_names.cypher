// Names of people by id (forgotten people keep no name).
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p.id AS id, CASE WHEN coalesce(p.forgotten, false) THEN null ELSE p.name END AS name
