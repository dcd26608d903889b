// The ties of a person (or one tie, when $other is given) with every dated deposit behind
// them, so that strength and counts can be evaluated as of any instant:
//  - event-level edges (MET, HELPED, THANKED, REFERRED): m counted now, m0 counted when
//    recorded, confirmed_at when a one-sided claim became confirmed; a closed referral
//    adds m_closed at closed_at;
//  - made introductions of the pair (m at at);
//  - an imported connection (m_connected at connected_at).
MATCH (p:Person {id: $person})-[k:KNOWS]-(q:Person)
WHERE $other IS NULL OR q.id = $other
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
RETURN q.id AS other, q.name AS name, coalesce(q.forgotten, false) AS forgotten,
       k.id AS relationship, k.since AS since, k.connected_at AS connected_at,
       k.m_connected AS m_connected,
       k.connected_recorded_at AS connected_recorded_at, k.m AS m, k.interactions AS interactions,
       k.kind AS kind, k.classified_at AS classified_at, k.kinds AS kinds,
       k.kinds_at AS kinds_at, edges, intros
