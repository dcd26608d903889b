// Confirmed / Thanked: the other side confirms a one-sided MET or HELPED; it now counts in
// full from confirmed_at on, and a confirmed help moves from the giver's given_unconfirmed
// to given, and to the receiver's received. Applied once per edge (the projector checks
// `confirmed`).
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
WITH r, e, startNode(e) AS x, endNode(e) AS y
CALL (r, x, y) {
  WITH r, x, y WHERE r.type = 'HELPED'
  SET x.given = x.given + 1, y.received = y.received + 1,
      x.given_unconfirmed = coalesce(x.given_unconfirmed, 1) - 1
}
