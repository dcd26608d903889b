// The members of each group in $ids, leader first then by joining date, for `Group.members`.
UNWIND $ids AS id
MATCH (p:Person)-[m:MEMBER_OF]->(g:Group {id: id})
RETURN id AS group, p.id AS person, m.role AS role, m.since AS since,
       g {.id, .name, .purpose} AS group_row
ORDER BY group, CASE m.role WHEN 'leader' THEN 0 ELSE 1 END, m.since, person
