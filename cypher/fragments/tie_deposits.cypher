// Each tie's raw deposits, for `scoring/tie_fold.py` to replay the projector's rules as of
// an instant: the event-level edges (MET, HELPED, THANKED, REFERRED) with when they happened,
// were recorded, confirmed and closed, and whose claim they are (`edges`); the made
// introductions of the pair with every answer (`intros`); the connection (`connection`).
// `claimant`: whose word alone a claim is (null: an admin's or the system's record,
// confirmed from the start). Takes the tie as p, q and k (KNOWS); keeps every variable.
CALL (p, q) {
  OPTIONAL MATCH (p)-[e:MET|HELPED|THANKED|REFERRED]-(q)
  RETURN collect(CASE WHEN e IS NULL THEN null ELSE {
    type: type(e), event_id: e.event_id, at: e.at, recorded_at: e.recorded_at,
    claimant: e.claimant, source: startNode(e).id, for_event: e.for_event,
    confirmed_at: e.confirmed_at, confirmed_recorded_at: e.confirmed_recorded_at,
    closed_at: e.closed_at, closed_recorded_at: e.closed_recorded_at,
    outgoing: startNode(e) = p} END) AS edges
}
CALL (p, q) {
  OPTIONAL MATCH (p)<-[:OF]-(i:Introduction)-[:OF]->(q) WHERE i.made_at IS NOT NULL
  RETURN collect(CASE WHEN i IS NULL THEN null ELSE {
    id: i.id, made_at: i.made_at, made_recorded_at: i.made_recorded_at,
    confirmed_by: i.made_confirmed_by, answered_by: i.answered_by,
    answered_at: i.answered_at, answered_recorded_at: i.answered_recorded_at,
    answered_refused: i.answered_refused} END) AS intros
}
WITH *, CASE WHEN k.connected_at IS NULL THEN null ELSE {
          at: k.connected_at, recorded_at: k.connected_recorded_at,
          claimant: k.connected_claimant, source: k.source} END AS connection
