// The columns a target list ranks and a gap report picks from, of every active enterprise with a confirmed link to one
// leaf, anywhere: id, revenue, headcount, tags, region, city, province, parent and group tags (no property maps).
// One record; the store keeps it per data stamp.
// The hint keeps the start at the link whatever the statistics say (on a nearly empty database the planner chose a scan
// of the IN_NODE grade index instead).
MATCH (n:ChainNode {id: $node_id})<-[:IN_NODE {grade: $confirmed}]-(e:Enterprise {active: true})
USING INDEX n:ChainNode(id)
RETURN collect([e.id, e.revenue, e.employees, e.tags, e.region_code, e.city_code, e.province_code, e.parent_id, e.group_tags]) AS members
