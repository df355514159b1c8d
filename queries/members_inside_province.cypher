// Active enterprises (only the key ones when $key_only) with a confirmed link to the given leaves inside one province:
// the scan starts from the indexed province_code, so it reads that province's enterprises, not every member of the leaves.
MATCH (e:Enterprise {province_code: $code, active: true})-[r:IN_NODE {grade: $confirmed}]->(n:ChainNode)
WHERE n.id IN $node_ids AND (NOT $key_only OR e.key)
RETURN collect([n.id, r.role, e {.*}]) AS members
