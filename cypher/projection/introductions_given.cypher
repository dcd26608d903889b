// What a broker gave: an introduction counts once one of the two introduced confirmed it,
// and no longer once one of them declined it. Rows: {broker, delta} (+1 or −1).
UNWIND $rows AS r
MATCH (p:Person {id: r.broker})
SET p.given = p.given + r.delta
