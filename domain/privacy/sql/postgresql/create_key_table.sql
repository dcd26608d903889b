-- A person's key, wrapped by the master key `kid`; kid and wrapped NULL: forgotten.
CREATE TABLE IF NOT EXISTS {keys} (person_id text PRIMARY KEY, kid text, wrapped bytea)
