// The relatedness matrix of one chain: counted enterprises per prefecture-level city and leaf.
MATCH (n:ChainNode {chain_id: $chain_id, is_leaf: true})<-[:IN_NODE {grade: $confirmed}]-(e:Enterprise {active: true})
WHERE e.city_code IS NOT NULL
RETURN e.city_code AS city_code, n.id AS node_id, count(e) AS local
