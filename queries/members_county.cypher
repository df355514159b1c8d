// Active enterprises (only the key ones when $key_only) with a confirmed link to the given leaves, inside ($inside = true) or outside one county.
// An enterprise whose region_code is unknown is outside.
UNWIND $node_ids AS node_id
MATCH (n:ChainNode {id: node_id})<-[r:IN_NODE {grade: $confirmed}]-(e:Enterprise {active: true})
WHERE coalesce(e.region_code = $code, false) = $inside
  AND (NOT $key_only OR e.key)
RETURN collect([n.id, r.role, e {.*}]) AS members
