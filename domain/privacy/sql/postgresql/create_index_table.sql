-- Which aggregates name a person (their own, their ties, introductions, referrals, groups,
-- what they recorded): filled in each events' transaction, read by a person's export.
CREATE TABLE IF NOT EXISTS {index} (person_id text NOT NULL, originator_id text NOT NULL, PRIMARY KEY (person_id, originator_id))
