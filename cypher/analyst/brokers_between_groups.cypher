// Brokers between groups: people whose ties reach members of groups other than their own,
// counting how many distinct foreign groups each one bridges into.
// @param min_groups 1
MATCH (p:Person)-[:KNOWS]-(q:Person)-[:MEMBER_OF]->(g:Group)
WHERE NOT (p)-[:MEMBER_OF]->(g)
WITH p, collect(DISTINCT g.name) AS bridged, count(DISTINCT q) AS contacts
WHERE size(bridged) >= $min_groups
OPTIONAL MATCH (p)-[:MEMBER_OF]->(own:Group)
RETURN p.id AS id, p.name AS name, collect(DISTINCT own.name) AS own_groups,
       bridged AS bridged_groups, size(bridged) AS groups_bridged, contacts
ORDER BY groups_bridged DESC, contacts DESC, name
