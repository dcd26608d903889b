// Introduction acceptance rate per broker: requests they received, accepted (including
// those later made), declined, made, and the share of decided requests they accepted.
MATCH (i:Introduction)-[:BY]->(broker:Person)
WITH broker,
     count(i) AS introductions,
     count(CASE WHEN i.requested_at IS NOT NULL THEN 1 END) AS requested,
     count(CASE WHEN i.status IN ['accepted', 'made'] AND i.requested_at IS NOT NULL
                THEN 1 END) AS accepted,
     count(CASE WHEN i.status = 'declined' THEN 1 END) AS declined,
     count(CASE WHEN i.status = 'made' THEN 1 END) AS made
RETURN broker.id AS id, broker.name AS name, introductions, requested, accepted, declined,
       made,
       CASE WHEN accepted + declined = 0 THEN null
            ELSE round(toFloat(accepted) / (accepted + declined), 3) END AS acceptance_rate
ORDER BY made DESC, acceptance_rate DESC, name
