// The group rule (graph_schema.models.group_tags_of): each enterprise at or below the given ones inherits the
// group tags ($group: 链主, 上市, 世界500强) its ancestors carry along SUBSIDIARY_OF, the nearest carrier naming
// the group; key follows (its own key tag, or an inherited one). Run after every write of enterprises or parents.
UNWIND $rows AS row
MATCH (top:Enterprise {id: row.id})
MATCH (e:Enterprise)-[:SUBSIDIARY_OF*0..]->(top)
WITH DISTINCT e
OPTIONAL MATCH p = (e)-[:SUBSIDIARY_OF*1..]->(a:Enterprise)
WITH e, a, length(p) AS depth
ORDER BY depth
WITH e, [x IN collect(a) WHERE any(t IN coalesce(x.tags, []) WHERE t IN $group)] AS holders
WITH e, holders, [t IN $group WHERE any(x IN holders WHERE t IN x.tags)] AS inherited
SET e.group_tags = inherited,
    e.group_name = CASE WHEN size(holders) = 0 THEN null ELSE holders[0].name END,
    e.key = size(inherited) > 0 OR any(t IN coalesce(e.tags, []) WHERE t IN $key)
