MATCH (a:ChainNode)-[f:FEEDS]->(b:ChainNode)
RETURN a.chain_id AS chain_id, a.id AS source, b.id AS target
ORDER BY chain_id, f.seq
