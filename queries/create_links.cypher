// Fresh load: each (enterprise, link) pair once (deduplicated by the loader, the last row winning as MERGE would).
UNWIND $rows AS row
MATCH (e:Enterprise {id: row.enterprise_id})
MATCH (n:ChainNode {id: row.node_id})
CREATE (e)-[:IN_NODE {role: row.role, products: row.products, grade: row.grade, evidence: row.evidence}]->(n)
