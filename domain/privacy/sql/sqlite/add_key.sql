INSERT INTO goodwill_person_keys (person_id, kid, wrapped) VALUES (?, ?, ?)
ON CONFLICT (person_id) DO NOTHING
