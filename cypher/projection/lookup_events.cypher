// Event-level edges (MET, HELPED, REFERRED) named by a confirmation, a thank-you or an
// accepted referral: what was counted,
// so the projector adds only the remainder, once. `recorded_by` is the person who recorded
// it as they are now: the end a record merged into since (people_merged.cypher), if any. `at` as an ISO-8601 string (cheaper
// than the driver's datetime hydration; the claim's epoch mass is computed from it).
UNWIND $ids AS eid
CALL (eid) {
  MATCH (x:Person)-[e:MET {event_id: eid}]->(y:Person)
  RETURN e, x, y, 'MET' AS type
  UNION
  MATCH (x:Person)-[e:HELPED {event_id: eid}]->(y:Person)
  RETURN e, x, y, 'HELPED' AS type
  UNION
  MATCH (x:Person)-[e:REFERRED {event_id: eid}]->(y:Person)
  RETURN e, x, y, 'REFERRED' AS type
}
RETURN eid AS id, type, toString(e.at) AS at, e.base AS base, e.weight AS weight, e.m AS m,
       coalesce(e.confirmed, true) AS confirmed, e.relationship AS relationship, x.id AS source, y.id AS target,
       CASE WHEN e.recorded_by IN coalesce(x.merged_ids, []) THEN x.id
            WHEN e.recorded_by IN coalesce(y.merged_ids, []) THEN y.id
            ELSE e.recorded_by END AS recorded_by
