-- Up to %s rows, in one statement: a small table is read whole when a process starts reading.
SELECT person_id, kid, wrapped FROM {keys} LIMIT %s
