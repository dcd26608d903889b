// Made introductions that a confirmation or a refusal of the current batch names: the two
// introduced, the broker, when it was made and what it counts (introductions_counted).
// `made_at` as an ISO-8601 string (the projector computes epoch masses from it). The
// claimant (one of the two introduced) as they are now: the introduced person a record
// merged into since, if any.
UNWIND $ids AS iid
MATCH (i:Introduction {id: iid})-[:BY]->(broker:Person)
WHERE i.made_at IS NOT NULL
MATCH (i)-[:OF]->(x:Person)
WITH i, broker, collect(x.id) AS introduced,
     [p IN collect(x) WHERE i.claimant IN coalesce(p.merged_ids, []) | p.id] AS merged
RETURN i.id AS id, introduced, broker.id AS broker, toString(i.made_at) AS made_at,
       coalesce(i.confirmations, 0) AS confirmations, coalesce(i.m, 0.0) AS m,
       i.status = 'made' AS live, coalesce(merged[0], i.claimant) AS claimant,
       coalesce(i.open_weight, 0.0) AS open_weight
