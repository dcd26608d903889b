// ProfileUpdated: only the fields given change (null = unchanged); a new organization
// replaces WORKS_AT, an empty one removes it; an organization nobody works at any more
// goes. Rows in log order:
// {id, name, headline, tags, organization}.
UNWIND $rows AS r
MATCH (p:Person {id: r.id})
SET p.name = coalesce(r.name, p.name),
    p.headline = coalesce(r.headline, p.headline),
    p.tags = coalesce(r.tags, p.tags)
WITH p, r
CALL (p, r) {
  UNWIND CASE WHEN r.organization IS NULL THEN [] ELSE [r.organization] END AS org
  OPTIONAL MATCH (p)-[w:WORKS_AT]->(old:Organization)
  DELETE w
  WITH p, org, old
  CALL (old) {
    WITH old WHERE old IS NOT NULL AND NOT EXISTS { (old)<-[:WORKS_AT]-() }
    DELETE old
  }
  WITH DISTINCT p, org
  SET p.organization = CASE WHEN org = '' THEN null ELSE org END
  WITH p, org WHERE org <> ''
  MERGE (o:Organization {name: org})
  MERGE (p)-[:WORKS_AT]->(o)
}
