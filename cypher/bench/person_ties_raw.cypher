// A person and a page of their ties with the other side's name over raw Bolt, most
// recently active first, as `Person.ties` orders them: one statement, LIMIT in Cypher.
MATCH (p:Person {id: $id})
CALL (p) {
  MATCH (p)-[k:KNOWS]-(q:Person)
  RETURN q, k ORDER BY k.last_at DESC, q.id LIMIT $first
}
RETURN p.id AS id, p.name AS name, collect({id: q.id, name: q.name, since: k.since}) AS ties
