-- Forgetting: the row becomes a tombstone, so the person never gets a new key.
INSERT INTO {keys} (person_id, kid, wrapped) VALUES (%s, NULL, NULL)
ON CONFLICT (person_id) DO UPDATE SET kid = NULL, wrapped = NULL
