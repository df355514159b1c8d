// Supply relations with any of the given enterprises on either end, each once.
UNWIND $ids AS id
MATCH (:Enterprise {id: id})-[s:SUPPLIES]-(:Enterprise)
WITH DISTINCT s
RETURN startNode(s).id AS supplier_id, endNode(s).id AS customer_id, s.product AS product
ORDER BY supplier_id, customer_id
