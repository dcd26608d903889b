// Deletes up to $limit relationships in the caller's transaction; run again until it
// deletes none. The rebuild's wipe: each batch is its own short transaction, so no
// transaction lasts the whole wipe of a large graph (an auto-commit CALL … IN TRANSACTIONS
// is one outer transaction, ended by db.transaction.timeout on a slow machine).
MATCH ()-[r]->()
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
