UNWIND $rows AS row
MATCH (a:Enterprise {id: row.supplier_id})
MATCH (b:Enterprise {id: row.customer_id})
MERGE (a)-[s:SUPPLIES]->(b)
SET s.product = row.product
