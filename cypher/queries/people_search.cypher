// People whose name, headline, organization or a tag contains $search (case-insensitive;
// null matches everyone), ordered by name then id, one page: $skip, $limit.
MATCH (p:Person)
WITH p, toLower($search) AS needle
WHERE needle IS NULL
   OR toLower(coalesce(p.name, '')) CONTAINS needle
   OR toLower(coalesce(p.headline, '')) CONTAINS needle
   OR toLower(coalesce(p.organization, '')) CONTAINS needle
   OR any(tag IN coalesce(p.tags, []) WHERE toLower(tag) CONTAINS needle)
RETURN p.id AS id, p.name AS name, p.headline AS headline, p.organization AS organization,
       p.tags AS tags, p.accepts_introductions AS accepts_introductions,
       p.brokering_note AS brokering_note, p.given AS given,
       p.given_unconfirmed AS given_unconfirmed, p.received AS received,
       p.influence AS influence, p.brokerage AS brokerage, p.forgotten AS forgotten
ORDER BY p.name, p.id
SKIP $skip LIMIT $limit
