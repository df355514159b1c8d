// Fresh load: each (enterprise, park) pair once (deduplicated by the loader).
UNWIND $rows AS row
MATCH (e:Enterprise {id: row.enterprise_id})
MATCH (p:Park {id: row.park_id})
CREATE (e)-[:IN_PARK]->(p)
