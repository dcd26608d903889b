// Writes a test network in the projector's graph shape (docs/architecture.md,
// cypher/projection/).
UNWIND $people AS p
CREATE (n:Person {id: p.id, name: p.name, accepts_introductions: p.accepts,
                  forgotten: p.forgotten, tags: p.tags, organization: p.organization})
WITH n, p WHERE p.organization IS NOT NULL
MERGE (o:Organization {name: p.organization})
CREATE (n)-[:WORKS_AT]->(o);
UNWIND $ties AS t
MATCH (a:Person {id: t.a}), (b:Person {id: t.b})
CREATE (a)-[:KNOWS {since: t.since, last_at: t.last_at, interactions: t.interactions,
                    kind: t.kind, m: t.m, m_open: t.m_open, g_ab: t.g_ab,
                    g_ba: t.g_ba}]->(b);
UNWIND $events AS e
MATCH (a:Person {id: e.from}), (b:Person {id: e.to})
CALL apoc.create.relationship(a, e.type, e.props, b) YIELD rel
RETURN count(rel);
UNWIND $introductions AS i
MATCH (broker:Person {id: i.broker}), (a:Person {id: i.a}), (b:Person {id: i.b})
CREATE (n:Introduction {id: i.id, at: i.at, status: i.status, requested_at: i.at,
                        requester: i.requester, target: i.target, path: i.path,
                        message: i.message, made_at: i.made_at, m: i.m,
                        made_recorded_at: i.made_recorded_at,
                        made_confirmed_by: i.confirmed_by, confirmations: i.confirmations})
CREATE (n)-[:BY]->(broker), (n)-[:OF]->(a), (n)-[:OF]->(b);
UNWIND $groups AS g
MERGE (group:Group {id: g.group})
ON CREATE SET group.name = g.name
WITH group, g
MATCH (p:Person {id: g.person})
CREATE (p)-[:MEMBER_OF {role: g.role, since: g.since}]->(group)
