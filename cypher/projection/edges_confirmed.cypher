// Confirmed / Thanked: the other side confirms a one-sided MET or HELPED; it now counts in
// full from confirmed_at on. Applied once per edge (the projector checks `confirmed`).
// Rows in log order: {event_id, type, at, weight, m, recorded_at}.
UNWIND $rows AS r
WITH r, datetime(r.at) AS at
CALL (r) {
  MATCH ()-[e:MET {event_id: r.event_id}]->() WHERE r.type = 'MET'
  RETURN e
  UNION
  MATCH ()-[e:HELPED {event_id: r.event_id}]->() WHERE r.type = 'HELPED'
  RETURN e
}
SET e.confirmed = true, e.confirmed_at = at, e.weight = r.weight, e.m = r.m,
    e.confirmed_recorded_at = datetime(r.recorded_at)
