// Met: one MET edge per meeting, from the person who recorded it to the other
// (a→b when recorded by admin/system). weight/m: what is counted now; m0: what was counted
// when recorded (a one-sided claim counts less until confirmed at confirmed_at).
// Rows: {event_id, rel, source, target, at, context, confirmed, confirmed_at, base, weight, m}.
UNWIND $rows AS r
WITH r, datetime(r.at) AS at, datetime(r.confirmed_at) AS confirmed_at
MATCH (x:Person {id: r.source}), (y:Person {id: r.target})
CREATE (x)-[:MET {event_id: r.event_id, relationship: r.rel, at: at, context: r.context,
                  recorded_by: r.recorded_by, confirmed: r.confirmed,
                  confirmed_at: confirmed_at, base: r.base, weight: r.weight, m: r.m,
                  m0: r.m}]->(y)
