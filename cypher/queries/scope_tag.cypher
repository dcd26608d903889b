// The people carrying a tag, never forgotten ones.
MATCH (p:Person)
WHERE $value IN coalesce(p.tags, []) AND NOT coalesce(p.forgotten, false)
RETURN p.id AS id
