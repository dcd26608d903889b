// Met: one MET edge per meeting, from the person who recorded it to the other
// (a→b when recorded by admin/system); the two people are the ends of the pair's KNOWS
// (found by its indexed id; `ties` runs first in a batch). weight/m: what is counted now;
// claimant: whose word alone it is until confirmed (null: an admin's or the system's record).
// Rows: {event_id, rel, at, context, recorded_by, claimant, confirmed, confirmed_at, base,
//        weight, m, recorded_at}.
UNWIND $rows AS r
WITH r, datetime(r.at) AS at, datetime(r.confirmed_at) AS confirmed_at
MATCH (a:Person)-[:KNOWS {id: r.rel}]->(b:Person)
WITH r, at, confirmed_at, CASE WHEN r.recorded_by = b.id THEN [b, a] ELSE [a, b] END AS ends
WITH r, at, confirmed_at, ends[0] AS x, ends[1] AS y
CREATE (x)-[:MET {event_id: r.event_id, relationship: r.rel, at: at, context: r.context,
                  recorded_by: r.recorded_by, claimant: r.claimant, confirmed: r.confirmed,
                  confirmed_at: confirmed_at, base: r.base, weight: r.weight, m: r.m,
                  recorded_at: datetime(r.recorded_at),
                  confirmed_recorded_at: CASE WHEN r.confirmed THEN datetime(r.recorded_at)
                                         END}]->(y)
