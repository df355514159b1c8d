// (Region)-[:WITHIN]->(parent): the edge the row names, if its parent is loaded (clear_within dropped the old one).
UNWIND $rows AS row
MATCH (r:Region {code: row.code})
MATCH (p:Region {code: row.parent_code})
MERGE (r)-[:WITHIN]->(p)
