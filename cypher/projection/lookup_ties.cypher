// Ties the current batch may count unconfirmed claims on: their two people and the base
// weight of each side's unconfirmed claims counted so far (what the cap bounds).
UNWIND $ids AS rid
MATCH (a:Person)-[k:KNOWS {id: rid}]->(b:Person)
RETURN rid AS id, a.id AS a, b.id AS b, coalesce(k.open_a, 0.0) AS open_a,
       coalesce(k.open_b, 0.0) AS open_b
