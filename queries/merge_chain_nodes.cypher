// Every property by name (SET n = row would plan an Eager).
UNWIND $rows AS row
MERGE (n:ChainNode {id: row.id})
SET n.chain_id = row.chain_id, n.name = row.name, n.name_en = row.name_en, n.stage = row.stage, n.level = row.level,
    n.parent_id = row.parent_id, n.is_leaf = row.is_leaf, n.order = row.order, n.is_core = row.is_core,
    n.chokepoint = row.chokepoint, n.capital_heavy = row.capital_heavy, n.proximity_bound = row.proximity_bound,
    n.weight = row.weight, n.keywords = row.keywords, n.industry_codes = row.industry_codes
