// Per prefecture-level city (null: none known) and leaf of one chain: active enterprises with a confirmed link,
// and how many are key enterprises. Summed, the national counts; each city's row, that city's counts.
MATCH (n:ChainNode {chain_id: $chain_id, is_leaf: true})<-[:IN_NODE {grade: $confirmed}]-(e:Enterprise {active: true})
RETURN e.city_code AS city_code, n.id AS node_id, count(e) AS local, count(CASE WHEN e.key THEN 1 END) AS key
