// load --replace, second step: every node (but the Region nodes and the catalogue stamps when $keep_regions: the
// new data set brings the very region list already stored), in transactions of $batch_size.
MATCH (n)
WHERE NOT ($keep_regions AND (n:Region OR n:Meta))
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch_size ROWS
