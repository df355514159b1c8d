// Before merge_within: the regions being written lose their old (Region)-[:WITHIN]->(parent) edge.
UNWIND $rows AS row
MATCH (:Region {code: row.code})-[old:WITHIN]->(:Region)
DELETE old
