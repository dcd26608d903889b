// Removes every node and relationship in batches (run as an auto-commit query).
// Used by rebuild and by tests; the schema (constraints, indexes) stays.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
