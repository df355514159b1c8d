UNWIND $rows AS row
MERGE (c:Chain {id: row.id})
SET c = row
