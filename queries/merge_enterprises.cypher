// Upsert by id: the row replaces every property (derived city_code / province_code / active / key included);
// the old SUBSIDIARY_OF edge goes and merge_subsidiaries draws the current one.
UNWIND $rows AS row
MERGE (e:Enterprise {id: row.id})
SET e = row
WITH e
OPTIONAL MATCH (e)-[old:SUBSIDIARY_OF]->(:Enterprise)
DELETE old
