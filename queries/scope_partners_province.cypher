// From the scope's side: the enterprises with a supply relation (either way) to an active enterprise of one province
// (indexed province_code), each once. The scope's own enterprises are found by the target list from their region columns.
MATCH (:Enterprise {province_code: $code, active: true})-[:SUPPLIES]-(p:Enterprise)
WITH collect(DISTINCT p.id) AS partners
RETURN partners, [] AS inside
