// People by id, for the API's person dataloader: one round trip for a whole level of a query.
// $ids: list of person ids. Returns one row per person found: {id, name, headline, …}.
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p.id AS id, p.name AS name, p.headline AS headline, p.organization AS organization,
       p.tags AS tags, p.accepts_introductions AS accepts_introductions,
       p.brokering_note AS brokering_note, p.given AS given,
       p.given_unconfirmed AS given_unconfirmed, p.received AS received,
       p.influence AS influence, p.brokerage AS brokerage, p.forgotten AS forgotten
