// Takers: people who received help or referrals from at least $min_givers different people
// and gave nothing back to anyone (the ones who "bleed their network dry").
// @param min_givers 2
MATCH (p:Person)<-[r:HELPED|REFERRED]-(giver:Person)
WITH p, count(r) AS received, count(DISTINCT giver) AS givers
WHERE givers >= $min_givers AND NOT (p)-[:HELPED|REFERRED]->(:Person)
  AND NOT EXISTS { MATCH (:Introduction {status: 'made'})-[:BY]->(p) }
RETURN p.id AS id, p.name AS name, received, givers, p.given AS given
ORDER BY received DESC, name
