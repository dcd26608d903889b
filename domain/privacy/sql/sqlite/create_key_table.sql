-- A person's key, wrapped by the master key `kid`; kid and wrapped NULL: forgotten.
CREATE TABLE IF NOT EXISTS goodwill_person_keys (person_id TEXT PRIMARY KEY, kid TEXT, wrapped BLOB)
