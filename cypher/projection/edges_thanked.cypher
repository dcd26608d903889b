// Thanked: one THANKED edge thanker→thanked, naming the help it thanks (for_event);
// unconfirmed (the thanker's word alone) when it thanks for a help the thanker recorded.
// Rows: {event_id, rel, source, target, at, for_event, weight, m, recorded_by, recorded_at, confirmed}.
UNWIND $rows AS r
WITH r, datetime(r.at) AS at
MATCH (x:Person {id: r.source}), (y:Person {id: r.target})
CREATE (x)-[:THANKED {event_id: r.event_id, relationship: r.rel, at: at,
                      for_event: r.for_event, recorded_by: r.recorded_by,
                      confirmed: r.confirmed,
                      confirmed_at: CASE WHEN r.confirmed THEN at END, base: r.weight,
                      weight: r.weight, m: r.m,
                      recorded_at: datetime(r.recorded_at),
                      confirmed_recorded_at: CASE WHEN r.confirmed
                                             THEN datetime(r.recorded_at) END}]->(y)
