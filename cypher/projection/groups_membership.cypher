// MemberJoined / MemberLeft / LeadershipRotated, in log order in one statement so a
// join-leave-join inside one batch ends as it did in the log.
// Rows: {group, person, op: 'join'|'leave'|'lead', role, at}.
UNWIND $rows AS r
WITH r, datetime(r.at) AS at
MATCH (g:Group {id: r.group}), (p:Person {id: r.person})
CALL (g, p, r, at) {
  WITH * WHERE r.op = 'join'
  MERGE (p)-[m:MEMBER_OF]->(g)
  SET m.role = r.role, m.since = coalesce(m.since, at)
}
CALL (g, p, r, at) {
  WITH * WHERE r.op = 'leave'
  MATCH (p)-[m:MEMBER_OF]->(g)
  DELETE m
}
CALL (g, p, r, at) {
  WITH * WHERE r.op = 'lead'
  MATCH (:Person)-[old:MEMBER_OF {role: 'leader'}]->(g)
  SET old.role = 'member'
}
CALL (g, p, r, at) {
  WITH * WHERE r.op = 'lead'
  MERGE (p)-[m:MEMBER_OF]->(g)
  SET m.role = 'leader', m.since = coalesce(m.since, at)
}
