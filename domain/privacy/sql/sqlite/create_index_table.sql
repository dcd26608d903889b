-- Which aggregates name a person (their own, their ties, introductions, referrals, groups,
-- what they recorded): filled in each events' transaction, read by a person's export.
CREATE TABLE IF NOT EXISTS goodwill_person_aggregates (person_id TEXT NOT NULL, originator_id TEXT NOT NULL, PRIMARY KEY (person_id, originator_id)) WITHOUT ROWID
