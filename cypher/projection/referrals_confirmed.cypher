// ReferralAccepted: the receiver's word on a referral the giver recorded; it now counts
// in full from confirmed_at on, and moves from the giver's given_unconfirmed to given, and
// to the receiver's received (after referrals_given: a batch may give and accept it).
// Rows in log order: {event_id, type, at, weight, m, recorded_at}.
UNWIND $rows AS r
MATCH (x:Person)-[e:REFERRED {event_id: r.event_id}]->(y:Person)
SET e.confirmed = true, e.confirmed_at = datetime(r.at), e.weight = r.weight, e.m = r.m,
    e.confirmed_recorded_at = datetime(r.recorded_at),
    x.given = x.given + 1, y.received = y.received + 1,
    x.given_unconfirmed = coalesce(x.given_unconfirmed, 1) - 1
