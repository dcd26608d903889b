// Classified: the kind of a tie (personal / functional / strategic), last one wins.
// Rows in log order: {a, b, kind, by, at}.
UNWIND $rows AS r
MATCH (:Person {id: r.a})-[k:KNOWS]->(:Person {id: r.b})
SET k.kind = r.kind, k.classified_by = r.by, k.classified_at = r.at
