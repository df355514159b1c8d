UNWIND $rows AS row
MERGE (n:ChainNode {id: row.id})
SET n = row
