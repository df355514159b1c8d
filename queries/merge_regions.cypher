UNWIND $rows AS row
MERGE (r:Region {code: row.code})
SET r = row
