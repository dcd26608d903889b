UPDATE {keys} SET kid = %s, wrapped = %s WHERE person_id = %s
