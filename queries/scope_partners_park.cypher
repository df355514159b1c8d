// From the scope's side: the park's active enterprises, and the enterprises with a supply relation (either way) to
// one of them, each once (the park's members are few; its index seek is the Park id).
MATCH (:Park {id: $code})<-[:IN_PARK]-(l:Enterprise {active: true})
WITH collect(DISTINCT l) AS locals
CALL (locals) {
  UNWIND locals AS l
  MATCH (l)-[:SUPPLIES]-(p:Enterprise)
  RETURN collect(DISTINCT p.id) AS partners
}
RETURN partners, [l IN locals | l.id] AS inside
