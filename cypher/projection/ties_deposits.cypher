// Every change of a tie's decayed mass, in log order in one statement so that m is summed
// in the same order however the log is cut into batches (rebuild = incremental, bit for bit).
// Rows: {rel, a, b, at, m, interaction}; interaction=false for confirmation remainders.
// since = earliest event of the pair, last_at = latest interaction (order-independent).
UNWIND $rows AS r
MATCH (a:Person {id: r.a}), (b:Person {id: r.b})
MERGE (a)-[k:KNOWS]->(b)
  ON CREATE SET k.id = r.rel, k.since = r.at, k.interactions = 0, k.m = 0.0
SET k.m = k.m + r.m,
    k.interactions = k.interactions + CASE WHEN r.interaction THEN 1 ELSE 0 END,
    k.last_at = CASE WHEN r.interaction AND (k.last_at IS NULL OR r.at > k.last_at) THEN r.at
                     ELSE k.last_at END,
    k.since = CASE WHEN r.at < k.since THEN r.at ELSE k.since END
