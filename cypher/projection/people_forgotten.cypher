// PersonForgotten (erasure, applied last in a batch): personal data leaves the graph, the
// node, its edges and its counts stay, anonymous. Their key is destroyed with the event, so
// every field about them (alone or with others) now reads '[erased]' in the store; the
// same fields are erased here, so the live graph equals one rebuilt after the erasure.
// An organization nobody works at any more goes too. Rows: {id}.
UNWIND $rows AS r
MATCH (p:Person {id: r.id})
SET p.name = 'Forgotten person', p.headline = '', p.tags = [], p.organization = null,
    p.brokering_note = null, p.forgotten = true, p.accepts_introductions = false
WITH p
CALL (p) {
  OPTIONAL MATCH (p)-[w:WORKS_AT]->(o:Organization)
  DELETE w
  WITH o WHERE o IS NOT NULL AND NOT EXISTS { (o)<-[:WORKS_AT]-() }
  DELETE o
}
CALL (p) {
  MATCH (p)-[m:MET]-()
  WHERE m.context <> ''
  SET m.context = '[erased]'
}
CALL (p) {
  MATCH (p)-[e:REFERRED]-()
  WHERE e.reason IS NOT NULL AND e.reason <> ''
  SET e.reason = '[erased]'
}
CALL (p) {
  MATCH ()-[k:CONCIERGE_FOR]->(p)
  WHERE k.needs <> ''
  SET k.needs = '[erased]'
}
CALL (p) {
  MATCH (i:Introduction)
  WHERE i.requester = p.id OR i.target = p.id OR EXISTS { (i)-[:BY]->(p) }
  SET i.message = CASE WHEN coalesce(i.message, '') = '' THEN i.message ELSE '[erased]' END
  WITH i WHERE i.requester = p.id OR EXISTS { (i)-[:BY]->(p) }
  SET i.reason = CASE WHEN coalesce(i.reason, '') = '' THEN i.reason ELSE '[erased]' END
}
