// Influence job: how many people there are (from the count store), for its progress bar.
MATCH (p:Person)
RETURN count(p) AS people
