UNWIND $rows AS row
MATCH (e:Enterprise {id: row.enterprise_id})
MATCH (p:Park {id: row.park_id})
MERGE (e)-[:IN_PARK]->(p)
