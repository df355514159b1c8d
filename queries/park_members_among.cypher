UNWIND $ids AS id
MATCH (:Enterprise {id: id})-[:IN_PARK]->(:Park {id: $park_id})
RETURN DISTINCT id
