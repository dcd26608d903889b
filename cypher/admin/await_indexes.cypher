// Waits until every index and constraint is online (the offline rebuild creates them on
// the imported store before it lets anyone read it). $seconds: how long at most.
CALL db.awaitIndexes($seconds)
