// The rebuild $rebuild_id is done (or failed): reads answer from the graph again. The node
// stays, with its last rebuild_id, so a read that ran across the whole rebuild is caught.
MATCH (m:GraphRebuild {name: 'graph', rebuild_id: $rebuild_id})
SET m.active = false, m.ended_at = datetime()
