UNWIND $rows AS row
MATCH (a:ChainNode {id: row.source})
MATCH (b:ChainNode {id: row.target})
MERGE (a)-[f:FEEDS]->(b)
SET f.seq = row.seq
