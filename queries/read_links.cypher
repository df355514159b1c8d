// Every link (any grade) of the given enterprises.
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})-[r:IN_NODE]->(n:ChainNode)
RETURN e.id AS enterprise_id, n.id AS node_id, r {.*} AS link
ORDER BY enterprise_id, node_id
