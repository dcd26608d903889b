// One-sided ties: pairs where help has flowed only one way, at least $min_helps times
// (a tie where one side only takes is weaker than its mass suggests).
// @param min_helps 1
MATCH (giver:Person)-[h:HELPED]->(taker:Person)
WHERE NOT (taker)-[:HELPED]->(giver)
WITH giver, taker, count(h) AS helps, max(h.at) AS last_help
WHERE helps >= $min_helps
RETURN giver.name AS giver, taker.name AS taker, helps, last_help
ORDER BY helps DESC, last_help DESC, giver, taker
