// Whether the graph is being rebuilt (by any process) and by which rebuild. A marker whose
// heartbeat is older than $stale_s seconds was left by a rebuild that crashed: not active.
OPTIONAL MATCH (m:GraphRebuild {name: 'graph'})
RETURN m.rebuild_id AS rebuild_id,
       coalesce(m.active, false)
         AND m.heartbeat_at > datetime() - duration({seconds: $stale_s}) AS active
