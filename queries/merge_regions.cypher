// Every property by name (SET r = row would plan an Eager).
UNWIND $rows AS row
MERGE (r:Region {code: row.code})
SET r.name = row.name, r.level = row.level, r.parent_code = row.parent_code, r.lon = row.lon, r.lat = row.lat
