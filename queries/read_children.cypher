// The direct subsidiaries (SUBSIDIARY_OF) of the given enterprises, by parent then id.
UNWIND $ids AS id
MATCH (c:Enterprise)-[:SUBSIDIARY_OF]->(:Enterprise {id: id})
RETURN id AS parent_id, c.id AS id
ORDER BY parent_id, id
