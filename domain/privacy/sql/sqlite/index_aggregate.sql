INSERT INTO goodwill_person_aggregates (person_id, originator_id) VALUES (?, ?)
ON CONFLICT (person_id, originator_id) DO NOTHING
