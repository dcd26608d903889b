// A person by id over raw Bolt: what `person(id) { id name headline }` reads (the floor a
// GraphQL layer over Neo4j can reach).
MATCH (p:Person {id: $id})
RETURN p.id AS id, p.name AS name, p.headline AS headline
