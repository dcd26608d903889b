// The event-level history of pairs of people, oldest first, for `Relationship.history`.
// $keys: list of {a, b, as_of, known_at} (null = everything). Meetings, help, thanks,
// referrals and the made introductions of the two (not declined by then); `key` is the index into $keys. As of
// an instant, each event shows its state then: confirmed only if confirmed by then, and a
// referral's value only once it had closed. Known at a recorded instant, only what the
// store had recorded by then (events, confirmations, closings) counts.
UNWIND range(0, size($keys) - 1) AS key
WITH key, $keys[key] AS k
MATCH (a:Person {id: k.a}), (b:Person {id: k.b})
CALL (a, b, k) {
  MATCH (a)-[e:MET|HELPED|THANKED|REFERRED]-(b)
  WHERE k.known_at IS NULL OR NOT coalesce(e.recorded_at > k.known_at, false)
  RETURN type(e) AS kind, e.event_id AS event_id, e.at AS at, e.recorded_by AS recorded_by,
         startNode(e).id AS source, endNode(e).id AS target,
         CASE WHEN e.confirmed IS NOT NULL
              THEN e.confirmed_at IS NOT NULL
                   AND (k.as_of IS NULL OR e.confirmed_at <= k.as_of)
                   AND (k.known_at IS NULL
                        OR NOT coalesce(e.confirmed_recorded_at > k.known_at, false))
              END AS confirmed,
         CASE WHEN type(e) <> 'REFERRED'
                   OR ((k.as_of IS NULL OR e.closed_at <= k.as_of)
                       AND (k.known_at IS NULL
                            OR NOT coalesce(e.closed_recorded_at > k.known_at, false)))
              THEN e.value END AS value, e.context AS context, e.kind AS help_kind
  UNION
  MATCH (a)<-[:OF]-(i:Introduction)-[:OF]->(b)
  WHERE i.made_at IS NOT NULL
    AND (k.known_at IS NULL OR NOT coalesce(i.made_recorded_at > k.known_at, false))
    // not declined by then (a made introduction declined later was still made then)
    AND none(x IN range(0, size(coalesce(i.answered_by, [])) - 1)
             WHERE i.answered_refused[x]
               AND (k.as_of IS NULL OR i.answered_at[x] <= k.as_of)
               AND (k.known_at IS NULL
                    OR NOT coalesce(i.answered_recorded_at[x] > k.known_at, false)))
  OPTIONAL MATCH (i)-[:BY]->(broker:Person)
  RETURN 'INTRODUCED' AS kind, i.id AS event_id, i.made_at AS at, broker.id AS recorded_by,
         broker.id AS source, null AS target, true AS confirmed, null AS value,
         null AS context, null AS help_kind
}
WITH key, k, kind, event_id, at, recorded_by, source, target, confirmed, value, context,
     help_kind
WHERE k.as_of IS NULL OR at <= k.as_of
RETURN key, kind, event_id, at, recorded_by, source, target, confirmed, value, context,
       help_kind
ORDER BY key, at, event_id
