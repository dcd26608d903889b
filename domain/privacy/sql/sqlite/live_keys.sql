-- Every key that still exists (for re-wrapping under a new master key).
SELECT person_id, kid, wrapped FROM goodwill_person_keys WHERE wrapped IS NOT NULL
