// Delete enterprises with their links and relations; subsidiaries forget the deleted parent.
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})
OPTIONAL MATCH (child:Enterprise)-[:SUBSIDIARY_OF]->(e)
SET child.parent_id = null
WITH DISTINCT e
DETACH DELETE e
RETURN count(*) AS deleted
