// Every tie of each person in $ids, most recently active first, for `Person.ties`.
// Returns {person, other, tie}.
UNWIND $ids AS id
MATCH (:Person {id: id})-[k:KNOWS]-(other:Person)
RETURN id AS person, other.id AS other, properties(k) AS tie
ORDER BY person, k.last_at DESC, other
