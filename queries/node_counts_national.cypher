// Per leaf of one chain: active enterprises with a confirmed link, nationwide, and how many are key enterprises.
MATCH (n:ChainNode {chain_id: $chain_id, is_leaf: true})<-[:IN_NODE {grade: $confirmed}]-(e:Enterprise {active: true})
RETURN n.id AS node_id, count(e) AS local, count(CASE WHEN e.key THEN 1 END) AS key
