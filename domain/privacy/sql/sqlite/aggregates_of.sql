SELECT originator_id FROM goodwill_person_aggregates WHERE person_id = ?
