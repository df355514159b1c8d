// load --replace, second step: every node (but the Region nodes and the catalogue stamps when $keep_regions: the
// new data set brings the very region list already stored), in transactions of $batch_size. Snapshots (saved reviews)
// are kept, as the embedded store keeps them: they are not data, and a review must survive a reload.
MATCH (n)
WHERE NOT n:Snapshot AND NOT ($keep_regions AND (n:Region OR n:Meta))
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch_size ROWS
