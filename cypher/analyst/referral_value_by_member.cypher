// Referral value by member: per giver, referrals given, how many closed, and the value of
// the closed ones per currency. Members of no group are listed too.
MATCH (giver:Person)-[r:REFERRED]->(:Person)
WITH giver, r.currency AS currency, count(r) AS given,
     count(CASE WHEN r.status = 'closed' THEN 1 END) AS closed,
     sum(CASE WHEN r.status = 'closed' THEN coalesce(r.value, 0.0) ELSE 0.0 END) AS value
OPTIONAL MATCH (giver)-[:MEMBER_OF]->(g:Group)
RETURN giver.id AS id, giver.name AS name, collect(DISTINCT g.name) AS groups,
       given, closed, value, currency
ORDER BY value DESC, given DESC, name
