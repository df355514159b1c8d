// load --replace when the new data set brings the very region list already stored (same fingerprint):
// empty everything else a batch at a time and keep the ~3,200 Region nodes, their WITHIN edges
// (they would be written back identical) and the catalogue stamps.
MATCH (n)
WHERE NOT n:Region AND NOT n:Meta
WITH n LIMIT $batch_size
DETACH DELETE n
RETURN count(*) AS deleted
