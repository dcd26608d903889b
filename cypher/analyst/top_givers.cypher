// Top givers of the last $days days (default: a quarter): help, referrals and brokered
// introductions each count once; thanks received show whether it was appreciated.
// @param days 90
// @param limit 10
WITH $now - duration({days: $days}) AS since
MATCH (p:Person)
CALL (p, since) {
  OPTIONAL MATCH (p)-[h:HELPED]->() WHERE h.at >= since
  RETURN count(h) AS helps
}
CALL (p, since) {
  OPTIONAL MATCH (p)-[r:REFERRED]->() WHERE r.at >= since
  RETURN count(r) AS referrals
}
CALL (p, since) {
  OPTIONAL MATCH (i:Introduction {status: 'made'})-[:BY]->(p) WHERE i.made_at >= since
  RETURN count(i) AS introductions
}
CALL (p, since) {
  OPTIONAL MATCH ()-[t:THANKED]->(p) WHERE t.at >= since
  RETURN count(t) AS thanks_received
}
WITH p, helps, referrals, introductions, thanks_received,
     helps + referrals + introductions AS gifts
WHERE gifts > 0
RETURN p.id AS id, p.name AS name, gifts, helps, referrals, introductions, thanks_received
ORDER BY gifts DESC, thanks_received DESC, name
LIMIT $limit
