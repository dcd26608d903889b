// Ties named by a relationship id no KNOWS has (any more: a merge of people added the
// duplicate's tie into the survivor's own, or the survivor's relationship took it over; or
// yet: a new relationship whose two people a merge already tied under the duplicate's id):
// the tie between the two people now, with each side's unconfirmed claims counted so far.
// Rows: {rel, a, b} (a < b).
UNWIND $rows AS r
MATCH (a:Person {id: r.a})-[k:KNOWS]->(b:Person {id: r.b})
RETURN r.rel AS rel, k.id AS id, a.id AS a, b.id AS b, coalesce(k.open_a, 0.0) AS open_a,
       coalesce(k.open_b, 0.0) AS open_b
