// The anchor's warm introductions (bench/neo4j_graphql, an @cypher field of @neo4j/graphql):
// the top $first simple paths of at most 3 KNOWS hops from $source to $target, as a user of
// the library would write Goodwill's ranking in one statement. Inner people accept
// introductions; nobody forgotten; a hop's warmth is its strength at $t times the
// reciprocity of the decayed giving each way; a path's warmth the product of its hops';
// equal warmths by path ids. Returns one map {people, warmth} per path, warmest first.
MATCH (s:Person {id: $source}), (t:Person {id: $target})
WHERE NOT coalesce(t.forgotten, false) AND s <> t
MATCH path = (s)-[:KNOWS*1..3]-(t)
WITH path, nodes(path) AS people, 2.0 ^ (($epochUnix - $t) / $halfLife) AS decay
WHERE all(i IN range(0, size(people) - 2) WHERE NOT people[i] IN people[i + 1..])
  AND all(p IN people[1..-1]
          WHERE coalesce(p.accepts_introductions, true) AND NOT coalesce(p.forgotten, false))
  AND all(k IN relationships(path) WHERE coalesce(k.m, 0.0) > 0.0)
WITH people, reduce(w = 1.0, k IN relationships(path) |
       w * (1.0 - exp(-k.m * decay / $k))
         * ($rMin + (1.0 - $rMin)
            * (decay * CASE WHEN coalesce(k.g_ab, 0.0) < coalesce(k.g_ba, 0.0)
                            THEN coalesce(k.g_ab, 0.0) ELSE coalesce(k.g_ba, 0.0) END + $prior)
            / (decay * CASE WHEN coalesce(k.g_ab, 0.0) < coalesce(k.g_ba, 0.0)
                            THEN coalesce(k.g_ba, 0.0) ELSE coalesce(k.g_ab, 0.0) END + $prior)))
       AS warmth
WITH [p IN people | p.id] AS ids, warmth
ORDER BY warmth DESC, ids
LIMIT $first
RETURN {people: ids, warmth: warmth} AS path
