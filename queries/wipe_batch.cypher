// Empty the database a batch at a time (load --replace), so no transaction grows with the graph.
MATCH (n)
WITH n LIMIT $batch_size
DETACH DELETE n
RETURN count(*) AS deleted
