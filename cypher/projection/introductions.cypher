// Introduction lifecycle (requested → accepted/declined → made, or made directly), in log
// order: (:Introduction {id, at, status})-[:BY]->(broker), -[:OF]->(each introduced person).
// `at` is when it was requested, and once made, when it was made (that is when it counts).
// Rows: {id, status, at, broker: [id]|[], of: [ids], requester, target, path, message,
// reason, m, confirmations, claimant, open_weight, recorded_at}; requester/target/path/
// message come with the request; m is the epoch mass the made introduction adds to the
// pair's tie (as-of queries read it with made_at) and confirmations how many of the two
// introduced confirmed it as it was made (introductions_counted follows their later
// answers); claimant: the one of the two whose word alone it counts on, with open_weight in
// their unconfirmed share (the cap); confirmed_by: who of the two confirmed it by its making
// (the requester of a requested one, both when an admin made it).
UNWIND $rows AS r
WITH r, datetime(r.at) AS at
MERGE (i:Introduction {id: r.id})
  ON CREATE SET i.at = at
SET i.status = r.status,
    i.at = CASE WHEN r.status = 'made' THEN at ELSE i.at END,
    i.requested_at = CASE WHEN r.status = 'requested' THEN at ELSE i.requested_at END,
    i.decided_at = CASE WHEN r.status IN ['accepted', 'declined'] THEN at
                        ELSE i.decided_at END,
    i.made_at = CASE WHEN r.status = 'made' THEN at ELSE i.made_at END,
    i.made_recorded_at = CASE WHEN r.status = 'made' THEN datetime(r.recorded_at)
                              ELSE i.made_recorded_at END,
    i.reason = coalesce(r.reason, i.reason),
    i.requester = coalesce(r.requester, i.requester),
    i.target = coalesce(r.target, i.target),
    i.path = coalesce(r.path, i.path),
    i.message = coalesce(r.message, i.message),
    i.m = CASE WHEN r.status = 'made' THEN r.m ELSE i.m END,
    i.confirmations = CASE WHEN r.status = 'made' THEN r.confirmations
                           ELSE i.confirmations END,
    i.claimant = CASE WHEN r.status = 'made' THEN r.claimant ELSE i.claimant END,
    i.open_weight = CASE WHEN r.status = 'made' THEN r.open_weight ELSE i.open_weight END,
    i.made_confirmed_by = CASE WHEN r.status = 'made' THEN r.confirmed_by
                               ELSE i.made_confirmed_by END
WITH i, r
CALL (i, r) {
  UNWIND r.broker AS broker_id
  MATCH (broker:Person {id: broker_id})
  MERGE (i)-[:BY]->(broker)
}
CALL (i, r) {
  UNWIND r.of AS person_id
  MATCH (p:Person {id: person_id})
  MERGE (i)-[:OF]->(p)
}
