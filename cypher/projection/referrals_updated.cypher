// ReferralAccepted / Declined / Closed / Lost: status of the REFERRED edge, in log order.
// A closed referral records value and currency and its own deposit (m_closed at closed_at).
// Rows: {referral_id, status, at, value, currency, reason, m, recorded_at}.
UNWIND $rows AS r
WITH r, datetime(r.at) AS at
MATCH ()-[e:REFERRED {referral_id: r.referral_id}]->()
SET e.status = r.status,
    e.updated_at = at,
    e.reason = coalesce(r.reason, e.reason),
    e.value = coalesce(r.value, e.value),
    e.currency = coalesce(r.currency, e.currency),
    e.closed_at = CASE WHEN r.status = 'closed' THEN at ELSE e.closed_at END,
    e.m_closed = CASE WHEN r.status = 'closed' THEN r.m ELSE e.m_closed END,
    e.closed_recorded_at = CASE WHEN r.status = 'closed' THEN datetime(r.recorded_at)
                                ELSE e.closed_recorded_at END
