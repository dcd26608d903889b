// Takes the write lock of every projection position once (run right after marking the
// graph as rebuilding): waits for the projection batches in flight in other processes to
// commit; every batch after it reads the marker and leaves the graph to the rebuild.
MATCH (p:ProjectionPosition)
SET p.locked_at = datetime()
