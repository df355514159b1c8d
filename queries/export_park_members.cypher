MATCH (e:Enterprise)-[:IN_PARK]->(p:Park)
RETURN p.id AS park_id, e.id AS enterprise_id
ORDER BY park_id, enterprise_id
