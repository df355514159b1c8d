UNWIND $rows AS row
MATCH (child:ChainNode {id: row.id}), (parent:ChainNode {id: row.parent_id})
MERGE (child)-[:PART_OF]->(parent)
