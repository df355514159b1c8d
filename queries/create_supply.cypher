// Fresh load: each (supplier, customer) pair once (deduplicated by the loader).
UNWIND $rows AS row
MATCH (a:Enterprise {id: row.supplier_id})
MATCH (b:Enterprise {id: row.customer_id})
CREATE (a)-[:SUPPLIES {product: row.product}]->(b)
