// ClientServed: one SERVED edge member→client per service, within a group.
// Rows: {event_id, group, member, client, at}.
UNWIND $rows AS r
WITH r, datetime(r.at) AS at
MATCH (m:Person {id: r.member}), (c:Person {id: r.client})
CREATE (m)-[:SERVED {event_id: r.event_id, group: r.group, at: at}]->(c)
