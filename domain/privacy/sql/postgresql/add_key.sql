INSERT INTO {keys} (person_id, kid, wrapped) VALUES (%s, %s, %s)
ON CONFLICT (person_id) DO NOTHING
