UNWIND $rows AS row
MERGE (p:Park {id: row.id})
SET p = row
