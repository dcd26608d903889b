// Strong ties going cold: ties with at least $min_interactions interactions whose last
// interaction is more than $quiet_days days ago, with their strength then and now
// (decay with a $half_life_days half-life, saturation $k; see docs/scoring.md).
// @param min_interactions 2
// @param quiet_days 90
// @param half_life_days 180.0
// @param k 5.0
WITH datetime('2000-01-01T00:00:00Z') AS epoch, $half_life_days * 86400.0 AS half_life
MATCH (a:Person)-[t:KNOWS]->(b:Person)
WHERE t.interactions >= $min_interactions AND t.last_at < $now - duration({days: $quiet_days})
WITH a, b, t, epoch, half_life,
     duration.inSeconds(epoch, t.last_at).seconds AS then_s,
     duration.inSeconds(epoch, $now).seconds AS now_s
WITH a, b, t,
     1 - exp(-(t.m * 2 ^ (-then_s / half_life)) / $k) AS strength_then,
     1 - exp(-(t.m * 2 ^ (-now_s / half_life)) / $k) AS strength_now
RETURN a.name AS a, b.name AS b, t.interactions AS interactions, t.last_at AS last_at,
       round(strength_then, 3) AS strength_then, round(strength_now, 3) AS strength_now
ORDER BY strength_then - strength_now DESC, a, b
