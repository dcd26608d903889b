// The groups of each person in $ids, by group name, for `Person.groups`.
UNWIND $ids AS id
MATCH (:Person {id: id})-[m:MEMBER_OF]->(g:Group)
RETURN id AS person, g.id AS group, m.role AS role, m.since AS since,
       g {.id, .name, .purpose} AS group_row
ORDER BY person, g.name, group
