// Upsert by id: every property set by name (derived city_code / province_code / active / key included),
// a null removing a stale value; one SET per property keeps the plan free of Eager (SET e = row is not).
// The old SUBSIDIARY_OF edge is dropped by clear_subsidiaries and drawn again by merge_subsidiaries.
UNWIND $rows AS row
MERGE (e:Enterprise {id: row.id})
SET e.uscc = row.uscc, e.name = row.name, e.region_code = row.region_code, e.founded = row.founded,
    e.revenue = row.revenue, e.employees = row.employees, e.tags = row.tags, e.listed_code = row.listed_code,
    e.status = row.status, e.parent_id = row.parent_id, e.region_source = row.region_source, e.former_names = row.former_names,
    e.city_code = row.city_code, e.province_code = row.province_code, e.active = row.active, e.key = row.key,
    e.group_tags = row.group_tags, e.group_name = row.group_name
