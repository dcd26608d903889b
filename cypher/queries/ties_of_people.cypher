// Every tie of each person in $ids, most recently active first, for `Person.ties`.
// Returns {person, other, tie}.
UNWIND $ids AS id
MATCH (:Person {id: id})-[k:KNOWS]-(other:Person)
// include fragments/tie_card
RETURN id AS person, other.id AS other, tie
ORDER BY person, k.last_at DESC, other
