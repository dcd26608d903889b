// Removes every node and relationship in batches (run as an auto-commit query).
// Used by rebuild and by tests; the schema (constraints, indexes) stays, and so does the
// rebuild marker (:GraphRebuild), which says a rebuild is running while this wipes.
MATCH (n) WHERE NOT n:GraphRebuild
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
