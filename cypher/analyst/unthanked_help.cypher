// Help never thanked: HELPED edges with no THANKED naming them, oldest first — the
// thank-yous still owed.
MATCH (giver:Person)-[h:HELPED]->(receiver:Person)
WHERE NOT EXISTS { MATCH (receiver)-[t:THANKED]->(giver) WHERE t.for_event = h.event_id }
RETURN receiver.name AS owes_thanks, giver.name AS to, h.kind AS kind, h.at AS at,
       h.event_id AS event_id
ORDER BY at, owes_thanks
