// ReferralGiven: a REFERRED edge giver→receiver that later referral events update; the
// giver's claim (in their `given_unconfirmed`) until the receiver accepts it
// (edges_confirmed), unless an admin or the system recorded it. Same weight fields as MET.
// Rows: {event_id, referral_id, rel, source, target, prospect, at, weight, m, base,
// recorded_by, recorded_at, confirmed, confirmed_at}.
UNWIND $rows AS r
WITH r, datetime(r.at) AS at, datetime(r.confirmed_at) AS confirmed_at
MATCH (x:Person {id: r.source}), (y:Person {id: r.target})
CREATE (x)-[:REFERRED {event_id: r.event_id, referral_id: r.referral_id, relationship: r.rel,
                       at: at, prospect: r.prospect, status: 'given',
                       recorded_by: r.recorded_by, claimant: r.claimant, confirmed: r.confirmed,
                       confirmed_at: confirmed_at, base: r.base, weight: r.weight, m: r.m,
                       recorded_at: datetime(r.recorded_at)}]->(y)
SET x.given = x.given + CASE WHEN r.confirmed THEN 1 ELSE 0 END,
    y.received = y.received + CASE WHEN r.confirmed THEN 1 ELSE 0 END,
    x.given_unconfirmed = coalesce(x.given_unconfirmed, 0)
                          + CASE WHEN r.confirmed THEN 0 ELSE 1 END
