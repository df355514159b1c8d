// Per leaf of one chain: active enterprises with a confirmed link inside one county (equality on the indexed region_code).
MATCH (e:Enterprise {region_code: $code, active: true})-[:IN_NODE {grade: $confirmed}]->(n:ChainNode {chain_id: $chain_id, is_leaf: true})
RETURN n.id AS node_id, count(e) AS local, count(CASE WHEN e.key THEN 1 END) AS key
