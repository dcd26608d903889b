// ReferralGiven: a REFERRED edge giver→receiver that later referral events update.
// Rows: {event_id, referral_id, source, target, prospect, at, weight, m, recorded_at}.
UNWIND $rows AS r
WITH r, datetime(r.at) AS at
MATCH (x:Person {id: r.source}), (y:Person {id: r.target})
CREATE (x)-[:REFERRED {event_id: r.event_id, referral_id: r.referral_id, at: at,
                       prospect: r.prospect, status: 'given', weight: r.weight, m: r.m,
                       m0: r.m, recorded_at: datetime(r.recorded_at)}]->(y)
SET x.given = x.given + 1, y.received = y.received + 1
