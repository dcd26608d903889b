// Every change of the KNOWS ties (stored a→b with a.id < b.id, one per pair), one row per
// tie per batch, each tie found by its indexed id (never a MERGE between the two people,
// which would scan every MET/HELPED/... relationship they share). Missing ties are created
// when the row connects or deposits; a classification alone never creates one.
// Deposits come as lists in log order and are added one by one to the stored sums, so m,
// g_ab and g_ba are the same however the log is cut into batches (rebuild = incremental).
// Rows (datetimes as ISO-8601 strings, see projections/batch.py):
//       {rel, a, b, create, since, last_at, interactions, ms, g_ab, g_ba,
//        connected, connected_at, connected_recorded_at, connected_claimant,
//        source, introduced_by, m_connected,
//        classified, kind, classified_by, classified_at, kinds, kinds_at, m_open, open_a,
//        open_b}
//  - ms: epoch mass deposits; g_ab / g_ba: the giving among them (help, referrals, closed
//    referrals) from a to b / from b to a; interactions: deposits that are interactions
//    (not confirmation remainders); since / last_at: earliest event / latest interaction.
//  - connected: Connected events (first connected_at, source, introduced_by win; the
//    imported connections' masses m_connected are kept apart for as-of queries).
//  - classified: the batch's classification of the latest instant (kind, classified_by,
//    classified_at) replaces the stored one unless that is of a later instant; every
//    classification is appended to kinds / kinds_at (log order) for the kind as of t.
//  - m_open: the deposits (and, negative, the confirmations) of what one side alone
//    recorded, summed into KNOWS.m_open; open_a / open_b: the base weight of a's / b's
//    unconfirmed claims counted after the batch (null: unchanged), which the cap bounds.
UNWIND $rows AS r
WITH r, datetime(r.since) AS since, datetime(r.last_at) AS last_at
OPTIONAL MATCH ()-[found:KNOWS {id: r.rel}]->()
CALL (r, found, since) {
  WITH r, found WHERE found IS NOT NULL
  RETURN found AS k
  UNION ALL
  WITH r, found, since WHERE found IS NULL AND r.create
  MATCH (a:Person {id: r.a}), (b:Person {id: r.b})
  CALL (r, a, b, since) {
    // a tie a merge of people moved here under the duplicate's relationship id
    // (people_merged.cypher): the pair's first own relationship takes it over
    MATCH (a)-[adopted:KNOWS]-(b)
    SET adopted.id = r.rel
    RETURN adopted AS made
    UNION ALL
    WITH r, a, b, since WHERE NOT EXISTS { (a)-[:KNOWS]-(b) }
    CREATE (a)-[made:KNOWS {id: r.rel, since: since, interactions: 0, m: 0.0, g_ab: 0.0,
                            g_ba: 0.0, m_open: 0.0, open_a: 0.0, open_b: 0.0}]->(b)
    RETURN made
  }
  RETURN made AS k
}
WITH r, k, since, last_at, r.classified AND (k.classified_at IS NULL
                             OR datetime(r.classified_at) >= k.classified_at) AS latest
SET k.m = reduce(s = k.m, x IN r.ms | s + x),
    k.m_open = reduce(s = coalesce(k.m_open, 0.0), x IN r.m_open | s + x),
    k.open_a = coalesce(r.open_a, k.open_a, 0.0),
    k.open_b = coalesce(r.open_b, k.open_b, 0.0),
    k.g_ab = reduce(s = k.g_ab, x IN r.g_ab | s + x),
    k.g_ba = reduce(s = k.g_ba, x IN r.g_ba | s + x),
    k.interactions = k.interactions + r.interactions,
    k.last_at = CASE WHEN last_at IS NOT NULL AND (k.last_at IS NULL OR last_at > k.last_at)
                     THEN last_at ELSE k.last_at END,
    k.since = CASE WHEN since < k.since THEN since ELSE k.since END,
    k.source = CASE WHEN r.connected THEN coalesce(k.source, r.source) ELSE k.source END,
    k.connected_recorded_at = CASE WHEN r.connected AND k.connected_at IS NULL
                                   THEN datetime(r.connected_recorded_at)
                                   ELSE k.connected_recorded_at END,
    k.connected_claimant = CASE WHEN r.connected AND k.connected_at IS NULL
                                THEN r.connected_claimant ELSE k.connected_claimant END,
    k.connected_at = CASE WHEN r.connected
                          THEN coalesce(k.connected_at, datetime(r.connected_at))
                          ELSE k.connected_at END,
    k.introduced_by = CASE WHEN r.connected THEN coalesce(k.introduced_by, r.introduced_by)
                           ELSE k.introduced_by END,
    k.m_connected = CASE WHEN r.connected
                         THEN reduce(s = coalesce(k.m_connected, 0.0), x IN r.m_connected
                                     | s + x)
                         ELSE k.m_connected END,
    k.kinds = CASE WHEN r.classified THEN coalesce(k.kinds, []) + r.kinds ELSE k.kinds END,
    k.kinds_at = CASE WHEN r.classified
                      THEN coalesce(k.kinds_at, []) + [x IN r.kinds_at | datetime(x)]
                      ELSE k.kinds_at END,
    k.kind = CASE WHEN latest THEN r.kind ELSE k.kind END,
    k.classified_by = CASE WHEN latest THEN r.classified_by ELSE k.classified_by END,
    k.classified_at = CASE WHEN latest THEN datetime(r.classified_at) ELSE k.classified_at END
