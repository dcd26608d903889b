// Giving balance of people by id (counts kept by the projector, values by the job).
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p.id AS id, p.name AS name, coalesce(p.given, 0) AS given,
       coalesce(p.received, 0) AS received, coalesce(p.given_value, 0.0) AS givenValue,
       coalesce(p.received_value, 0.0) AS receivedValue
