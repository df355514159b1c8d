// Revenue and headcount (null: unknown) of every active enterprise with a confirmed link to each given leaf, anywhere.
UNWIND $node_ids AS node_id
MATCH (:ChainNode {id: node_id})<-[:IN_NODE {grade: $confirmed}]-(e:Enterprise {active: true})
RETURN node_id, collect([e.id, e.revenue, e.employees]) AS scales
