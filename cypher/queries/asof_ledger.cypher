// What a person gave and received up to instant $asOf: helps and referrals each way once
// confirmed, and introductions the person made as broker that one of the two introduced
// confirmed (the same rule as Person.given / received).
MATCH (p:Person {id: $person})
RETURN p.id AS person,
       COUNT { (p)-[e:HELPED|REFERRED]->(:Person)
               WHERE coalesce(e.confirmed, true) AND coalesce(e.confirmed_at, e.at) <= $asOf } +
       COUNT { (i:Introduction {status: 'made'})-[:BY]->(p)
               WHERE i.at <= $asOf AND coalesce(i.confirmations, 0) >= 1 } AS given,
       COUNT { (p)<-[e:HELPED|REFERRED]-(:Person)
               WHERE coalesce(e.confirmed, true) AND coalesce(e.confirmed_at, e.at) <= $asOf }
         AS received
