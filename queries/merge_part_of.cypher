UNWIND $rows AS row
MATCH (child:ChainNode {id: row.id})
MATCH (parent:ChainNode {id: row.parent_id})
MERGE (child)-[:PART_OF]->(parent)
