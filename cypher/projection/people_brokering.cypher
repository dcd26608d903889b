// BrokeringPreferenceSet: whether a person accepts introduction requests (opted-out brokers
// are left out of warm paths). Rows in log order: {id, accepts, note, at}. The preference
// of the latest instant holds (a back-dated one recorded later changes the past only);
// every one is kept (accepts_changes / accepts_changed_at) for warm paths as of an instant.
UNWIND $rows AS r
MATCH (p:Person {id: r.id})
WITH p, r, datetime(r.at) AS at
WITH p, r, at, p.brokering_at IS NULL OR at >= p.brokering_at AS latest
SET p.accepts_changes = coalesce(p.accepts_changes, []) + [r.accepts],
    p.accepts_changed_at = coalesce(p.accepts_changed_at, []) + [at],
    p.accepts_introductions = CASE WHEN latest THEN r.accepts
                                   ELSE p.accepts_introductions END,
    p.brokering_note = CASE WHEN latest THEN r.note ELSE p.brokering_note END,
    p.brokering_at = CASE WHEN latest THEN at ELSE p.brokering_at END
