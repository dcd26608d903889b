-- Every key that still exists, locked for re-wrapping under a new master key.
SELECT person_id, kid, wrapped FROM {keys} WHERE wrapped IS NOT NULL FOR UPDATE
