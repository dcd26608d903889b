// ClientBrought: the member who brought a client stays its concierge (CONCIERGE_FOR).
// Rows: {group, member, client, needs, at, event_id}.
UNWIND $rows AS r
WITH r, datetime(r.at) AS at
MATCH (m:Person {id: r.member}), (c:Person {id: r.client})
MERGE (m)-[k:CONCIERGE_FOR {group: r.group}]->(c)
  ON CREATE SET k.since = at, k.event_id = r.event_id
SET k.needs = r.needs
