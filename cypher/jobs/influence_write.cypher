// Influence job, write: the scores onto Person nodes, for analysts' Cypher.
UNWIND $rows AS r
MATCH (p:Person {id: r.id})
SET p.influence = r.influence, p.brokerage = r.brokerage, p.given = r.given,
    p.received = r.received, p.given_value = r.givenValue,
    p.received_value = r.receivedValue, p.analysed_at = $analysedAt
