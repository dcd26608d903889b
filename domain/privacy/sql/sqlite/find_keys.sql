-- The rows of some people: a JSON array of their ids, so one statement takes any number.
SELECT person_id, kid, wrapped FROM goodwill_person_keys
WHERE person_id IN (SELECT value FROM json_each(?))
