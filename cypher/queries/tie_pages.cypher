// One page of each person's ties, most recently active first, for `Person.ties`, with the
// other side's card (the person loader keeps it: no second round trip for names).
// $pages: list of {id, skip, limit}; `key` indexes $pages, `position` orders a page.
// Returns {key, position, other, tie, row}.
UNWIND range(0, size($pages) - 1) AS key
WITH key, $pages[key] AS page
MATCH (:Person {id: page.id})-[k:KNOWS]-(person:Person)
WITH key, page, k, person ORDER BY k.last_at DESC, person.id
WITH key, page, collect({k: k, person: person}) AS ties
WITH key, ties[page.skip..page.skip + page.limit] AS window
UNWIND range(0, size(window) - 1) AS position
WITH key, position, window[position].k AS k, window[position].person AS person
// include fragments/person_row
// include fragments/tie_card
RETURN key, position, person.id AS other, tie, row
