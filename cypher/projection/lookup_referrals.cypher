// Giver and receiver of referrals given before the current batch (REFERRED.referral_id).
UNWIND $ids AS rid
MATCH (g:Person)-[e:REFERRED {referral_id: rid}]->(r:Person)
RETURN rid AS id, g.id AS giver, r.id AS receiver
