// One page of links of one grade, ordered by (enterprise, link), with the total.
MATCH (e:Enterprise)-[r:IN_NODE {grade: $grade}]->(n:ChainNode)
WITH e.id AS enterprise_id, n.id AS node_id, r
ORDER BY enterprise_id, node_id
WITH collect({enterprise_id: enterprise_id, node_id: node_id, link: r {.*}}) AS found
RETURN size(found) AS total, found[$offset..$offset + $limit] AS page
