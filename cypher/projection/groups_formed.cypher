// GroupFormed: the Group node; its founder joins as leader.
// Rows: {id, name, purpose, founder, at}.
UNWIND $rows AS r
WITH r, datetime(r.at) AS at
MERGE (g:Group {id: r.id})
SET g.name = r.name, g.purpose = r.purpose, g.formed_at = at
WITH g, r, at
MATCH (p:Person {id: r.founder})
MERGE (p)-[m:MEMBER_OF]->(g)
SET m.role = 'leader', m.since = coalesce(m.since, at)
