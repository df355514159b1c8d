// IN_NODE upsert by (enterprise, link): role, products, grade and evidence replaced, each by name (no Eager).
UNWIND $rows AS row
MATCH (e:Enterprise {id: row.enterprise_id})
MATCH (n:ChainNode {id: row.node_id})
MERGE (e)-[r:IN_NODE]->(n)
SET r.role = row.role, r.products = row.products, r.grade = row.grade, r.evidence = row.evidence
