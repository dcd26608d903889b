-- Forgetting: the row becomes a tombstone, so the person never gets a new key.
INSERT INTO goodwill_person_keys (person_id, kid, wrapped) VALUES (?, NULL, NULL)
ON CONFLICT (person_id) DO UPDATE SET kid = NULL, wrapped = NULL
