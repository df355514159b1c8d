MATCH (:Enterprise {id: $id})-[:IN_PARK]->(p:Park)
RETURN p.id AS park_id
ORDER BY park_id
