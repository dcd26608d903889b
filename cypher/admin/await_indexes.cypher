// Waits until every index and constraint is online: a new one fills in the background (the
// full-text index of tags answers only once it is, and the offline rebuild creates them all
// on the imported store before anyone reads it). $seconds: how long at most.
CALL db.awaitIndexes($seconds)
