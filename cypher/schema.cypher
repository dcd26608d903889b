// Goodwill's graph schema: constraints and indexes, applied idempotently at start.
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT organization_name IF NOT EXISTS FOR (o:Organization) REQUIRE o.name IS UNIQUE;
CREATE CONSTRAINT group_id IF NOT EXISTS FOR (g:Group) REQUIRE g.id IS UNIQUE;
CREATE CONSTRAINT introduction_id IF NOT EXISTS FOR (i:Introduction) REQUIRE i.id IS UNIQUE;
CREATE CONSTRAINT projection_position_name IF NOT EXISTS FOR (p:ProjectionPosition) REQUIRE p.name IS UNIQUE;
CREATE INDEX person_name IF NOT EXISTS FOR (p:Person) ON (p.name);
// Warm-introduction and influence scopes find a tag's people here (fragments/people_tagged):
// the keyword analyzer indexes each tag of the list whole, as one term.
CREATE FULLTEXT INDEX person_tags IF NOT EXISTS FOR (p:Person) ON EACH [p.tags]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}};
// Projection lookups: relationship property indexes on the ids events name.
CREATE INDEX knows_id IF NOT EXISTS FOR ()-[k:KNOWS]-() ON (k.id);
CREATE INDEX met_event_id IF NOT EXISTS FOR ()-[e:MET]-() ON (e.event_id);
CREATE INDEX helped_event_id IF NOT EXISTS FOR ()-[e:HELPED]-() ON (e.event_id);
CREATE INDEX thanked_event_id IF NOT EXISTS FOR ()-[e:THANKED]-() ON (e.event_id);
CREATE INDEX referred_event_id IF NOT EXISTS FOR ()-[e:REFERRED]-() ON (e.event_id);
CREATE INDEX referred_referral_id IF NOT EXISTS FOR ()-[e:REFERRED]-() ON (e.referral_id);
CREATE INDEX served_event_id IF NOT EXISTS FOR ()-[e:SERVED]-() ON (e.event_id);
// As-of queries filter event-level edges by when they happened.
CREATE INDEX met_at IF NOT EXISTS FOR ()-[e:MET]-() ON (e.at);
CREATE INDEX helped_at IF NOT EXISTS FOR ()-[e:HELPED]-() ON (e.at);
