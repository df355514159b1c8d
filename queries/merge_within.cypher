// (Region)-[:WITHIN]->(parent): drop the old edge, draw the one the row names (if its parent is loaded).
UNWIND $rows AS row
MATCH (r:Region {code: row.code})
OPTIONAL MATCH (r)-[old:WITHIN]->(:Region)
DELETE old
WITH DISTINCT r, row
MATCH (p:Region {code: row.parent_code})
MERGE (r)-[:WITHIN]->(p)
