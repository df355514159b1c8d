// Fresh load: each (enterprise, parent) pair once (deduplicated by the loader).
UNWIND $rows AS row
MATCH (e:Enterprise {id: row.id})
MATCH (parent:Enterprise {id: row.parent_id})
CREATE (e)-[:SUBSIDIARY_OF]->(parent)
