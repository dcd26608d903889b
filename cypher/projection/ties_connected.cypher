// Connected: the KNOWS tie of a pair, stored a→b with a.id < b.id (one per pair).
// Rows: {rel, a, b, at, source, introduced_by, m}; m is the epoch mass an imported
// connection contributes (0 otherwise), kept apart as m_connected for as-of queries.
UNWIND $rows AS r
MATCH (a:Person {id: r.a}), (b:Person {id: r.b})
MERGE (a)-[k:KNOWS]->(b)
  ON CREATE SET k.id = r.rel, k.since = r.at, k.interactions = 0, k.m = 0.0
SET k.source = coalesce(k.source, r.source),
    k.connected_at = coalesce(k.connected_at, r.at),
    k.introduced_by = coalesce(k.introduced_by, r.introduced_by),
    k.m_connected = coalesce(k.m_connected, 0.0) + r.m,
    k.since = CASE WHEN r.at < k.since THEN r.at ELSE k.since END
