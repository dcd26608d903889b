// Deletes up to $limit nodes (after wipe_relationships_batch, they have no relationships
// left) in the caller's transaction; run again until it deletes none. The rebuild marker
// (:GraphRebuild) stays: it says a rebuild is running while this wipes.
MATCH (n) WHERE NOT n:GraphRebuild
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
