// Projection position of one application's notification log (no lock; for lag and waits).
MATCH (p:ProjectionPosition {name: $name})
RETURN p.position AS position, p.recorded_at AS recorded_at
