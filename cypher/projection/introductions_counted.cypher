// One of the two introduced confirmed or declined a made introduction: what it counts now.
// Every answer is kept in order (answered_by / _at / _recorded_at / _refused) for as-of reads.
// Rows: {id, at, m, confirmations, person, refused, reason, claimant, open_weight,
// recorded_at}; m is
// the epoch mass it adds to the pair's tie (0 once declined), confirmations how many of
// the two confirmed it, claimant / open_weight as in introductions.cypher.
UNWIND $rows AS r
MATCH (i:Introduction {id: r.id})
SET i.m = r.m,
    i.confirmations = r.confirmations,
    i.claimant = r.claimant,
    i.open_weight = r.open_weight,
    i.status = CASE WHEN r.refused THEN 'declined' ELSE i.status END,
    i.decided_at = CASE WHEN r.refused THEN datetime(r.at) ELSE i.decided_at END,
    i.declined_by = CASE WHEN r.refused THEN r.person ELSE i.declined_by END,
    i.reason = CASE WHEN r.refused THEN r.reason ELSE i.reason END,
    i.answered_by = coalesce(i.answered_by, []) + [r.person],
    i.answered_at = coalesce(i.answered_at, []) + [datetime(r.at)],
    i.answered_recorded_at = coalesce(i.answered_recorded_at, []) + [datetime(r.recorded_at)],
    i.answered_refused = coalesce(i.answered_refused, []) + [r.refused]
