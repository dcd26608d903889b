// PersonRegistered: one Person node per person, WORKS_AT their organization.
// Rows in log order: {id, name, headline, tags, organization, at}.
UNWIND $rows AS r
WITH r, datetime(r.at) AS at
MERGE (p:Person {id: r.id})
SET p.name = r.name, p.headline = r.headline, p.tags = r.tags,
    p.organization = r.organization, p.registered_at = at,
    p.accepts_introductions = true, p.forgotten = false,
    p.given = coalesce(p.given, 0), p.received = coalesce(p.received, 0),
    p.given_unconfirmed = coalesce(p.given_unconfirmed, 0)
WITH p, r
CALL (p, r) {
  UNWIND CASE WHEN r.organization IS NULL OR r.organization = '' THEN [] ELSE [r.organization] END
    AS org
  MERGE (o:Organization {name: org})
  MERGE (p)-[:WORKS_AT]->(o)
}
