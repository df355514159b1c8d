// Nodes in template order (the order property is the position in the chain file).
MATCH (n:ChainNode)
RETURN n {.*} AS node
ORDER BY n.chain_id, n.order
