// The ids of every enterprise with a direct subsidiary (SUBSIDIARY_OF), any status: the Neo4j store keeps them per
// data stamp, so that `children` asks the server only about ids that have any (a target list asks about thousands).
MATCH (p:Enterprise)<-[:SUBSIDIARY_OF]-(:Enterprise)
RETURN collect(DISTINCT p.id) AS ids
