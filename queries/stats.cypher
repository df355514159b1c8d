// Sizes of the graph; regions and cities count only enterprises with at least one link.
OPTIONAL MATCH (e:Enterprise)
WHERE EXISTS { (e)-[:IN_NODE]->(:ChainNode) }
WITH count(DISTINCT e.region_code) AS regions_with_enterprises,
     count(DISTINCT e.city_code) AS cities_with_enterprises
RETURN COUNT { (:Enterprise) } AS enterprises,
       COUNT { (:Enterprise)-[:IN_NODE]->(:ChainNode) } AS enterprise_links,
       COUNT { (:Enterprise)-[:SUPPLIES]->(:Enterprise) } AS supply_links,
       COUNT { (:Park) } AS parks,
       regions_with_enterprises,
       cities_with_enterprises
