// What one person ($person) gave and received, newest first, one page ($skip, $limit):
// help, referrals and thanks as edges (a thank-you with the help it is for), introductions
// they brokered as gifts to both sides (made, and not declined by then);
// up to instant $asOf (null: everything), a referral's value only once it had closed.
MATCH (p:Person {id: $person})
CALL (p) {
  MATCH (p)-[e:HELPED|REFERRED|THANKED]-(other:Person)
  RETURN type(e) AS kind, e.event_id AS event_id, e.at AS at, startNode(e) = p AS gave,
         other.id AS counterpart,
         CASE WHEN $asOf IS NULL OR type(e) <> 'REFERRED' OR e.closed_at <= $asOf
              THEN e.value END AS value, e.for_event AS for_event
  UNION
  MATCH (i:Introduction)-[:BY]->(p), (i)-[:OF]->(other:Person)
  WHERE i.made_at IS NOT NULL
    AND none(x IN range(0, size(coalesce(i.answered_by, [])) - 1)
             WHERE i.answered_refused[x] AND ($asOf IS NULL OR i.answered_at[x] <= $asOf))
  RETURN 'INTRODUCED' AS kind, i.id AS event_id, i.made_at AS at, true AS gave,
         other.id AS counterpart, null AS value, null AS for_event
  UNION
  MATCH (i:Introduction)-[:OF]->(p), (i)-[:BY]->(broker:Person)
  WHERE i.made_at IS NOT NULL
    AND none(x IN range(0, size(coalesce(i.answered_by, [])) - 1)
             WHERE i.answered_refused[x] AND ($asOf IS NULL OR i.answered_at[x] <= $asOf))
  RETURN 'INTRODUCED' AS kind, i.id AS event_id, i.made_at AS at, false AS gave,
         broker.id AS counterpart, null AS value, null AS for_event
}
WITH kind, event_id, at, gave, counterpart, value, for_event
WHERE $asOf IS NULL OR at <= $asOf
RETURN kind, event_id, at, gave, counterpart, value, for_event
ORDER BY at DESC, event_id, counterpart
SKIP $skip LIMIT $limit
