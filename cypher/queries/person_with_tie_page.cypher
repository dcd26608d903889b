// People by id, each with one page of their ties (most recently active first) and the other
// sides' cards, in one round trip: for `person(id) { … ties { … } }` when the request asks
// for both (the API looks ahead at the selection). The same rows as `people_by_ids` and
// `tie_pages` give for those people and that page; the page is cut by SKIP/LIMIT, so Neo4j
// keeps the top $skip + $limit ties of each person instead of ordering them all.
// $ids: person ids; $skip, $limit: the page (the same for every id).
// Returns one row per person found: {row, ties: [{other, tie, row}, …]}.
UNWIND $ids AS id
MATCH (person:Person {id: id})
// include fragments/person_row
WITH person AS owner, row AS owner_row
CALL (owner) {
  MATCH (owner)-[k:KNOWS]-(person:Person)
  WITH k, person ORDER BY k.last_at DESC, person.id SKIP $skip LIMIT $limit
// include fragments/person_row
// include fragments/tie_card
  RETURN collect({other: person.id, tie: tie, row: row}) AS ties
}
RETURN owner_row AS row, ties
