// The people within a group (current members), never forgotten ones.
MATCH (:Group {id: $value})<-[:MEMBER_OF]-(p:Person)
WHERE NOT coalesce(p.forgotten, false)
RETURN p.id AS id
