// What the projected graph holds, for checks after loading.
CALL () { MATCH (p:Person) RETURN count(p) AS people }
CALL () { MATCH ()-[k:KNOWS]->() RETURN count(k) AS knows }
CALL () { MATCH (p:ProjectionPosition) RETURN max(p.position) AS position }
RETURN people, knows, position
