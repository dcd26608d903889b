// ClientServed: one SERVED edge member→client per service, within a group.
// Rows: {event_id, group, member, client, at}.
UNWIND $rows AS r
MATCH (m:Person {id: r.member}), (c:Person {id: r.client})
CREATE (m)-[:SERVED {event_id: r.event_id, group: r.group, at: r.at}]->(c)
