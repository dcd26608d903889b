// The clients of each group in $ids with the member who brought them and stays their
// concierge, and how many services the group's members gave them, for `Group.clients`;
// longest-standing first. Forgotten clients are left out.
UNWIND $ids AS id
MATCH (concierge:Person)-[c:CONCIERGE_FOR {group: id}]->(client:Person)
WHERE NOT coalesce(client.forgotten, false)
RETURN id AS group, client.id AS client, concierge.id AS concierge, c.since AS since,
       COUNT { (:Person)-[:SERVED {group: id}]->(client) } AS services
ORDER BY group, since, client
