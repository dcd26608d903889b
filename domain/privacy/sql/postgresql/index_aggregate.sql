INSERT INTO {index} (person_id, originator_id) VALUES (%s, %s)
ON CONFLICT (person_id, originator_id) DO NOTHING
