// The rebuild $rebuild_id still runs: readers take a marker whose heartbeat is older than
// their staleness bound for one a crashed rebuild left behind.
MATCH (m:GraphRebuild {name: 'graph', rebuild_id: $rebuild_id})
SET m.heartbeat_at = datetime()
