// BrokeringPreferenceSet: whether a person accepts introduction requests (opted-out brokers
// are left out of warm paths). Rows in log order: {id, accepts, note}.
UNWIND $rows AS r
MATCH (p:Person {id: r.id})
SET p.accepts_introductions = r.accepts, p.brokering_note = r.note
