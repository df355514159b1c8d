UNWIND $rows AS row
MATCH (a:ChainNode {id: row.source})
MATCH (b:ChainNode {id: row.target})
MERGE (a)-[r:RELATED_TO {kind: row.kind}]->(b)
SET r.seq = row.seq
