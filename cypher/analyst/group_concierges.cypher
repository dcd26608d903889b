// Clients of each group with the member who brought them and stays their concierge, and
// what the client needs.
MATCH (member:Person)-[c:CONCIERGE_FOR]->(client:Person)
MATCH (g:Group {id: c.group})
RETURN g.name AS group, client.name AS client, member.name AS concierge, c.since AS since,
       c.needs AS needs
ORDER BY group, since, client
