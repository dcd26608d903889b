// Helped: one HELPED edge giver→receiver per help. Confirmed, the giver's `given` and the
// receiver's `received` counts go up; a claim counts in the giver's `given_unconfirmed`
// until confirmed (edges_confirmed). Same weight fields as MET.
// Rows: {event_id, rel, source, target, at, kind, value, confirmed, confirmed_at, base,
// weight, m, recorded_by, recorded_at}.
UNWIND $rows AS r
WITH r, datetime(r.at) AS at, datetime(r.confirmed_at) AS confirmed_at
MATCH (x:Person {id: r.source}), (y:Person {id: r.target})
CREATE (x)-[:HELPED {event_id: r.event_id, relationship: r.rel, at: at, kind: r.kind,
                     value: r.value, recorded_by: r.recorded_by, claimant: r.claimant, confirmed: r.confirmed,
                     confirmed_at: confirmed_at, base: r.base, weight: r.weight, m: r.m,
                     recorded_at: datetime(r.recorded_at),
                     confirmed_recorded_at: CASE WHEN r.confirmed
                                            THEN datetime(r.recorded_at) END}]->(y)
SET x.given = x.given + CASE WHEN r.confirmed THEN 1 ELSE 0 END,
    y.received = y.received + CASE WHEN r.confirmed THEN 1 ELSE 0 END,
    x.given_unconfirmed = coalesce(x.given_unconfirmed, 0)
                          + CASE WHEN r.confirmed THEN 0 ELSE 1 END
