SELECT originator_id FROM {index} WHERE person_id = %s
