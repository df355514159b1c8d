UNWIND $rows AS row
MATCH (:Enterprise {id: row.enterprise_id})-[r:IN_NODE]->(:ChainNode {id: row.node_id})
DELETE r
