// The columns a target list ranks, of every active enterprise with a confirmed link to one leaf, anywhere: id, revenue,
// headcount, tags, region, city, province and parent (no property maps). One record; the store keeps it per data stamp.
MATCH (:ChainNode {id: $node_id})<-[:IN_NODE {grade: $confirmed}]-(e:Enterprise {active: true})
RETURN collect([e.id, e.revenue, e.employees, e.tags, e.region_code, e.city_code, e.province_code, e.parent_id]) AS members
