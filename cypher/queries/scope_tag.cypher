// The people carrying a tag, never forgotten ones.
// include fragments/people_tagged
WITH p WHERE NOT coalesce(p.forgotten, false)
RETURN p.id AS id
