// Every property by name (SET c = row would plan an Eager).
UNWIND $rows AS row
MERGE (c:Chain {id: row.id})
SET c.name = row.name, c.name_en = row.name_en, c.description = row.description, c.weak_threshold = row.weak_threshold
