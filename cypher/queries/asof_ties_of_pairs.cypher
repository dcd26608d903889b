// The ties of many pairs with every dated deposit behind them, as `asof_ties` gives them
// for one person, for the as-of dataloader. $pairs: list of [person, other]; `key` is the
// index into $pairs (a pair that never met returns no row).
UNWIND range(0, size($pairs) - 1) AS key
MATCH (p:Person {id: $pairs[key][0]})-[k:KNOWS]-(q:Person {id: $pairs[key][1]})
CALL (p, q) {
  OPTIONAL MATCH (p)-[e:MET|HELPED|THANKED|REFERRED]-(q)
  RETURN collect(CASE WHEN e IS NULL THEN null ELSE {
    type: type(e), event_id: e.event_id, at: e.at, m: e.m, m0: e.m0,
    confirmed_at: e.confirmed_at, closed_at: e.closed_at, m_closed: e.m_closed,
    recorded_at: e.recorded_at, confirmed_recorded_at: e.confirmed_recorded_at,
    closed_recorded_at: e.closed_recorded_at, outgoing: startNode(e) = p} END) AS edges
}
CALL (p, q) {
  OPTIONAL MATCH (p)<-[:OF]-(i:Introduction {status: 'made'})-[:OF]->(q)
  RETURN collect(CASE WHEN i IS NULL THEN null ELSE {id: i.id, at: i.at, m: i.m,
                                                   recorded_at: i.made_recorded_at} END) AS intros
}
RETURN key, q.id AS other, k.id AS relationship, k.since AS since,
       k.connected_at AS connected_at, k.m_connected AS m_connected,
       k.connected_recorded_at AS connected_recorded_at, k.m AS m,
       k.interactions AS interactions, k.kind AS kind, k.classified_at AS classified_at, k.kinds AS kinds,
       k.kinds_at AS kinds_at,
       edges, intros
