MATCH (a:ChainNode)-[r:RELATED_TO]->(b:ChainNode)
RETURN a.chain_id AS chain_id, a.id AS source, b.id AS target, r.kind AS kind
ORDER BY chain_id, r.seq
