// Every property by name (SET p = row would plan an Eager).
UNWIND $rows AS row
MERGE (p:Park {id: row.id})
SET p.name = row.name, p.region_code = row.region_code, p.lead_chains = row.lead_chains
