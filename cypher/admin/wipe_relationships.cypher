// Removes every relationship in batches (run as an auto-commit query), before
// wipe_graph removes the nodes: a batch of nodes deleted with their relationships holds
// every relationship of those nodes in one transaction, past the transaction memory cap
// on a large graph; a batch of relationships is bounded by its row count.
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
