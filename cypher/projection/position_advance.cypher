// Projection position: moved forward in the same transaction as the graph changes of the
// events it covers (exactly-once). $recorded_at: when the last covered event was recorded.
MATCH (p:ProjectionPosition {name: $name})
SET p.position = $position, p.recorded_at = $recorded_at
