-- The rows of some people (an array of their ids).
SELECT person_id, kid, wrapped FROM {keys} WHERE person_id = ANY(%s)
