// Influence job, read 2: giving balance of every person who is not forgotten, counting
// what had happened by $t (epoch seconds): help and referrals given and received once
// confirmed, made introductions brokered that one of the two introduced had confirmed and
// neither had declined by $t (their answers, in order), and
// the value of closed referrals each way.
MATCH (p:Person)
WHERE NOT coalesce(p.forgotten, false)
WITH p, $t * 1000.0 AS tMs, datetime({epochMillis: toInteger($t * 1000.0)}) AS tAt
RETURN p.id AS id,
       COUNT { (p)-[e:HELPED|REFERRED]->(:Person)
               WHERE coalesce(e.confirmed_at, e.at).epochMillis <= tMs
                 AND coalesce(e.confirmed, true) }
       + COUNT { (p)<-[:BY]-(i:Introduction)
                 WHERE i.made_at IS NOT NULL AND i.made_at <= tAt
                   AND (size(coalesce(i.made_confirmed_by, [])) > 0
                        OR any(x IN range(0, size(coalesce(i.answered_by, [])) - 1)
                               WHERE i.answered_at[x] <= tAt AND NOT i.answered_refused[x]))
                   AND none(x IN range(0, size(coalesce(i.answered_by, [])) - 1)
                            WHERE i.answered_at[x] <= tAt AND i.answered_refused[x]) } AS given,
       COUNT { (p)<-[e:HELPED|REFERRED]-(:Person)
               WHERE coalesce(e.confirmed_at, e.at).epochMillis <= tMs
                 AND coalesce(e.confirmed, true) } AS received,
       reduce(s = 0.0, e IN [(p)-[e:REFERRED]->(:Person)
                              WHERE e.closed_at IS NOT NULL AND e.closed_at.epochMillis <= tMs
                              | e] | s + coalesce(e.value, 0.0)) AS givenValue,
       reduce(s = 0.0, e IN [(p)<-[e:REFERRED]-(:Person)
                              WHERE e.closed_at IS NOT NULL AND e.closed_at.epochMillis <= tMs
                              | e] | s + coalesce(e.value, 0.0)) AS receivedValue
