// The most influential people among $ids, from the scores the influence job wrote
// (`goodwill analyse`), with their giving balance.
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p.id AS id, p.name AS name, coalesce(p.influence, 0.0) AS influence,
       coalesce(p.brokerage, 0.0) AS brokerage, coalesce(p.given, 0) AS given,
       coalesce(p.received, 0) AS received, coalesce(p.given_value, 0.0) AS givenValue,
       coalesce(p.received_value, 0.0) AS receivedValue, p.analysed_at AS analysedAt
ORDER BY influence DESC, brokerage DESC, id
LIMIT $limit
