// Marks the graph as being rebuilt, for every process that reads it (API processes other
// than the one rebuilding). One marker node, never wiped: `rebuild_id` names this rebuild,
// so a read that ran across its start is caught however briefly the marker was active.
// $rebuild_id: a fresh id for this rebuild.
MERGE (m:GraphRebuild {name: 'graph'})
SET m.active = true, m.rebuild_id = $rebuild_id, m.started_at = datetime(),
    m.heartbeat_at = datetime(), m.ended_at = null
