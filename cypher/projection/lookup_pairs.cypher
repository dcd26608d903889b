// The two people of each Relationship aggregate id (KNOWS.id), for events of a relationship
// recorded before the current batch. Returns one row per known id.
UNWIND $ids AS rid
MATCH (a:Person)-[k:KNOWS {id: rid}]->(b:Person)
RETURN rid AS id, a.id AS a, b.id AS b
