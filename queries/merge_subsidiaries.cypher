UNWIND $rows AS row
MATCH (e:Enterprise {id: row.id})
MATCH (parent:Enterprise {id: row.parent_id})
MERGE (e)-[:SUBSIDIARY_OF]->(parent)
