// As pending_introductions, as of instant $asOf: the requests made by then and neither
// decided nor made by then, oldest first, with the requester's giving balance then — helps
// and referrals each way and introductions made as broker and not declined by then,
// and the values of the referrals closed by then.
MATCH (i:Introduction)-[:BY]->(:Person {id: $broker})
WHERE i.requested_at <= $asOf AND NOT coalesce(i.decided_at <= $asOf, false)
  AND NOT coalesce(i.made_at <= $asOf, false)
OPTIONAL MATCH (i)-[:OF]->(p:Person)
WITH i, collect(p.id) AS people
OPTIONAL MATCH (r:Person {id: i.requester})
RETURN i.id AS id, i.requested_at AS at, people, i.path AS path,
       i.requester AS requester, i.target AS target, r.name AS requesterName,
       COUNT { (r)-[e:HELPED|REFERRED]->(:Person) WHERE e.at <= $asOf } +
       COUNT { (m:Introduction)-[:BY]->(r)
               WHERE m.made_at <= $asOf
                 AND none(x IN range(0, size(coalesce(m.answered_by, [])) - 1)
                          WHERE m.answered_refused[x] AND ($asOf IS NULL OR m.answered_at[x] <= $asOf)) }
         AS given,
       COUNT { (r)<-[e:HELPED|REFERRED]-(:Person) WHERE e.at <= $asOf } AS received,
       reduce(s = 0.0, e IN [(r)-[e:REFERRED]->(:Person) WHERE e.closed_at <= $asOf | e]
              | s + coalesce(e.value, 0.0)) AS givenValue,
       reduce(s = 0.0, e IN [(r)<-[e:REFERRED]-(:Person) WHERE e.closed_at <= $asOf | e]
              | s + coalesce(e.value, 0.0)) AS receivedValue
ORDER BY at, id
