// What a person gave and received up to instant asOf: helps and referrals each way once
// confirmed, and introductions the person made as broker that one of the two introduced
// had confirmed and neither had declined by then (the same rule as Person.given / received).
// $keys: list of {person, asOf}, for the API's dataloader (one round trip for a whole level);
// `key` indexes $keys.
UNWIND range(0, size($keys) - 1) AS key
WITH key, $keys[key].asOf AS asOf
MATCH (p:Person {id: $keys[key].person})
RETURN key, p.id AS person,
       COUNT { (p)-[e:HELPED|REFERRED]->(:Person)
               WHERE coalesce(e.confirmed, true) AND coalesce(e.confirmed_at, e.at) <= asOf } +
       COUNT { (i:Introduction)-[:BY]->(p)
               WHERE i.made_at IS NOT NULL AND i.made_at <= asOf
                 AND (size(coalesce(i.made_confirmed_by, [])) > 0
                        OR any(x IN range(0, size(coalesce(i.answered_by, [])) - 1)
                               WHERE i.answered_at[x] <= asOf AND NOT i.answered_refused[x]))
                   AND none(x IN range(0, size(coalesce(i.answered_by, [])) - 1)
                            WHERE i.answered_at[x] <= asOf AND i.answered_refused[x]) } AS given,
       COUNT { (p)<-[e:HELPED|REFERRED]-(:Person)
               WHERE coalesce(e.confirmed, true) AND coalesce(e.confirmed_at, e.at) <= asOf }
         AS received
