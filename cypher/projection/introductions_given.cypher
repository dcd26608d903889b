// A made introduction is something the broker gave. Rows: {broker}.
UNWIND $rows AS r
MATCH (p:Person {id: r.broker})
SET p.given = p.given + 1
