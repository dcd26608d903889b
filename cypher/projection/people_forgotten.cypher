// PersonForgotten (erasure, applied last in a batch): personal data leaves the graph, the
// node, its edges and its counts stay, anonymous. Rows: {id}.
UNWIND $rows AS r
MATCH (p:Person {id: r.id})
SET p.name = 'Forgotten person', p.headline = '', p.tags = [], p.organization = null,
    p.brokering_note = null, p.forgotten = true, p.accepts_introductions = false
WITH p
OPTIONAL MATCH (p)-[w:WORKS_AT]->(:Organization)
DELETE w
