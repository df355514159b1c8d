MATCH (a:Enterprise)-[s:SUPPLIES]->(b:Enterprise)
RETURN a.id AS supplier_id, b.id AS customer_id, s.product AS product
ORDER BY supplier_id, customer_id
