// IN_NODE upsert by (enterprise, link): role, products, grade and evidence replaced.
UNWIND $rows AS row
MATCH (e:Enterprise {id: row.enterprise_id}), (n:ChainNode {id: row.node_id})
MERGE (e)-[r:IN_NODE]->(n)
SET r = row.props
