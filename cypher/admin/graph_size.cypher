// How many nodes and relationships the graph holds (from Neo4j's counts store: instant),
// for the offline rebuild's check of the imported store.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
