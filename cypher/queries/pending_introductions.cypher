// Introduction requests waiting for a broker's answer, oldest first, with the requester's
// giving balance (counts kept by the projector, values by the influence job).
MATCH (i:Introduction {status: 'requested'})-[:BY]->(:Person {id: $broker})
OPTIONAL MATCH (i)-[:OF]->(p:Person)
WITH i, collect(p.id) AS people
WITH i, people,
     coalesce(i.requester, CASE WHEN size(people) = 1 THEN people[0] END) AS requesterId
OPTIONAL MATCH (r:Person {id: requesterId})
RETURN i.id AS id, coalesce(i.requested_at, i.at) AS at, people, i.path AS path,
       requesterId AS requester, i.target AS target,
       r.name AS requesterName, coalesce(r.given, 0) AS given,
       coalesce(r.received, 0) AS received, coalesce(r.given_value, 0.0) AS givenValue,
       coalesce(r.received_value, 0.0) AS receivedValue
ORDER BY at, id
