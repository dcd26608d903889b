UPDATE goodwill_person_keys SET kid = ?, wrapped = ? WHERE person_id = ?
