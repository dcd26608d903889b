// PersonMerged (a batch ends with it, see projector/batch.py `through_first_merge`): the
// duplicate's node goes, the survivor carries both histories. Rows: {duplicate, survivor}.
//  - what lay between the two (their KNOWS, meetings, help, thanks, referrals, services)
//    goes: a person has no tie with themself;
//  - each KNOWS of the duplicate with a third person x is added into the survivor's own tie
//    with x (sums of the two event histories: m, m_open, giving per direction, each side's
//    unconfirmed share, interactions; the earlier connection and the later classification
//    win), or, when the survivor has none, becomes the survivor's tie with x (its id kept);
//  - every other relationship of the duplicate (MET, HELPED, THANKED, REFERRED, SERVED,
//    CONCIERGE_FOR, an introduction's BY and OF) is re-pointed to the survivor with its
//    properties; a membership of a group the survivor is in already joins the survivor's
//    (leader if either led, the earlier `since`); the duplicate's WORKS_AT goes (the
//    survivor's profile says where they work);
//  - introductions naming the duplicate as requester or target name the survivor; the
//    giving counters add up.
UNWIND $rows AS r
MATCH (d:Person {id: r.duplicate}), (s:Person {id: r.survivor})
CALL (d, s) {
  MATCH (d)-[between]-(s)
  DELETE between
}
CALL (d, s) {
  MATCH (d)-[k:KNOWS]-(x:Person)
  WITH d, s, k, x, startNode(k) = d AS d_first
  ORDER BY x.id
  WITH s, k, x,
       CASE WHEN d_first THEN k.g_ab ELSE k.g_ba END AS g_out,
       CASE WHEN d_first THEN k.g_ba ELSE k.g_ab END AS g_in,
       CASE WHEN d_first THEN coalesce(k.open_a, 0.0) ELSE coalesce(k.open_b, 0.0) END
         AS open_d,
       CASE WHEN d_first THEN coalesce(k.open_b, 0.0) ELSE coalesce(k.open_a, 0.0) END
         AS open_x
  OPTIONAL MATCH (s)-[own:KNOWS]-(x)
  CALL (s, x, k, own, g_out, g_in, open_d, open_x) {
    WITH * WHERE own IS NULL AND s.id < x.id
    CREATE (s)-[moved:KNOWS]->(x)
    SET moved = properties(k), moved.g_ab = g_out, moved.g_ba = g_in,
        moved.open_a = open_d, moved.open_b = open_x
  }
  CALL (s, x, k, own, g_out, g_in, open_d, open_x) {
    WITH * WHERE own IS NULL AND x.id < s.id
    CREATE (x)-[moved:KNOWS]->(s)
    SET moved = properties(k), moved.g_ab = g_in, moved.g_ba = g_out,
        moved.open_a = open_x, moved.open_b = open_d
  }
  CALL (s, k, own, g_out, g_in, open_d, open_x) {
    WITH * WHERE own IS NOT NULL
    WITH *, startNode(own) = s AS s_first,
         own.connected_at IS NULL OR (k.connected_at IS NOT NULL
                                      AND k.connected_at < own.connected_at) AS k_connected,
         k.classified_at IS NOT NULL AND (own.classified_at IS NULL
                                          OR k.classified_at > own.classified_at) AS k_kind
    SET own.m = own.m + k.m,
        own.m_open = coalesce(own.m_open, 0.0) + coalesce(k.m_open, 0.0),
        own.g_ab = own.g_ab + CASE WHEN s_first THEN g_out ELSE g_in END,
        own.g_ba = own.g_ba + CASE WHEN s_first THEN g_in ELSE g_out END,
        own.open_a = coalesce(own.open_a, 0.0) + CASE WHEN s_first THEN open_d ELSE open_x END,
        own.open_b = coalesce(own.open_b, 0.0) + CASE WHEN s_first THEN open_x ELSE open_d END,
        own.interactions = own.interactions + k.interactions,
        own.since = CASE WHEN k.since < own.since THEN k.since ELSE own.since END,
        own.last_at = CASE WHEN k.last_at IS NOT NULL
                                AND (own.last_at IS NULL OR k.last_at > own.last_at)
                           THEN k.last_at ELSE own.last_at END,
        own.m_connected = CASE WHEN own.m_connected IS NULL AND k.m_connected IS NULL
                               THEN null
                               ELSE coalesce(own.m_connected, 0.0)
                                    + coalesce(k.m_connected, 0.0) END,
        own.source = CASE WHEN k_connected AND k.connected_at IS NOT NULL THEN k.source
                          ELSE own.source END,
        own.introduced_by = CASE WHEN k_connected AND k.connected_at IS NOT NULL
                                 THEN k.introduced_by ELSE own.introduced_by END,
        own.connected_recorded_at = CASE WHEN k_connected AND k.connected_at IS NOT NULL
                                         THEN k.connected_recorded_at
                                         ELSE own.connected_recorded_at END,
        own.connected_claimant = CASE WHEN k_connected AND k.connected_at IS NOT NULL
                                      THEN k.connected_claimant
                                      ELSE own.connected_claimant END,
        own.connected_at = CASE WHEN k_connected AND k.connected_at IS NOT NULL
                                THEN k.connected_at ELSE own.connected_at END,
        own.kinds = CASE WHEN own.kinds IS NULL AND k.kinds IS NULL THEN null
                         ELSE coalesce(own.kinds, []) + coalesce(k.kinds, []) END,
        own.kinds_at = CASE WHEN own.kinds_at IS NULL AND k.kinds_at IS NULL THEN null
                            ELSE coalesce(own.kinds_at, []) + coalesce(k.kinds_at, []) END,
        own.kind = CASE WHEN k_kind THEN k.kind ELSE own.kind END,
        own.classified_by = CASE WHEN k_kind THEN k.classified_by ELSE own.classified_by END,
        own.classified_at = CASE WHEN k_kind THEN k.classified_at ELSE own.classified_at END
  }
  DELETE k
}
CALL (d, s) {
  MATCH (d)-[m:MEMBER_OF]->(g:Group)
  OPTIONAL MATCH (s)-[own:MEMBER_OF]->(g)
  CALL (s, m, g, own) {
    WITH * WHERE own IS NULL
    CREATE (s)-[joined:MEMBER_OF]->(g)
    SET joined = properties(m)
  }
  CALL (m, own) {
    WITH * WHERE own IS NOT NULL
    SET own.role = CASE WHEN m.role = 'leader' THEN 'leader' ELSE own.role END,
        own.since = CASE WHEN m.since < own.since THEN m.since ELSE own.since END
  }
  DELETE m
}
CALL (d) {
  MATCH (d)-[w:WORKS_AT]->(o:Organization)
  DELETE w
  WITH o WHERE NOT EXISTS { (o)<-[:WORKS_AT]-() }
  DELETE o
}
CALL (d, s) {
  MATCH (d)-[e]->(x)
  CALL apoc.refactor.from(e, s) YIELD output
  RETURN count(output) AS moved_out
}
CALL (d, s) {
  MATCH (x)-[e]->(d)
  CALL apoc.refactor.to(e, s) YIELD output
  RETURN count(output) AS moved_in
}
CALL (d, s) {
  MATCH (i:Introduction)
  WHERE i.requester = d.id OR i.target = d.id
  SET i.requester = CASE WHEN i.requester = d.id THEN s.id ELSE i.requester END,
      i.target = CASE WHEN i.target = d.id THEN s.id ELSE i.target END
}
SET s.given = coalesce(s.given, 0) + coalesce(d.given, 0),
    s.received = coalesce(s.received, 0) + coalesce(d.received, 0),
    s.given_unconfirmed = coalesce(s.given_unconfirmed, 0) + coalesce(d.given_unconfirmed, 0),
    s.merged_ids = coalesce(s.merged_ids, []) + coalesce(d.merged_ids, []) + [d.id]
DELETE d
