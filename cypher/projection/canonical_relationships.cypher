// Every relationship with its type, the natural keys of its ends and its properties, for
// the canonical graph hash.
MATCH (s)-[r]->(t)
RETURN type(r) AS type, labels(s) AS source_labels, coalesce(s.id, s.name) AS source,
       labels(t) AS target_labels, coalesce(t.id, t.name) AS target, properties(r) AS props
