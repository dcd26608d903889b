// People by id, for the API's person dataloader: one round trip for a whole level of a query.
// $ids: list of person ids. Returns one row per person found: {row: {id, name, headline, …}}.
UNWIND $ids AS id
MATCH (person:Person {id: id})
// include fragments/person_row
RETURN row
