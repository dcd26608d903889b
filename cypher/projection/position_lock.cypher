// Projection position: read it and take its write lock, first thing in every projection
// transaction. The lock serialises projectors (API background task, CLI, rebuild), so a
// batch is applied only by the projector whose expected position matches.
// $name: the application whose notification log is projected.
MERGE (p:ProjectionPosition {name: $name})
  ON CREATE SET p.position = 0
SET p.locked_at = datetime()
RETURN p.position AS position
