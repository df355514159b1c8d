// Enterprise search over every enterprise: optional filters (null = no filter), one page by id and the total.
MATCH (e:Enterprise)
WHERE ($text IS NULL OR e.name CONTAINS $text OR e.id = $text OR e.uscc = $text_upper OR e.listed_code = $text_upper
       OR any(former IN coalesce(e.former_names, []) WHERE former CONTAINS $text))
  AND ($tag IS NULL OR $tag IN e.tags)
  AND ($include_inactive OR e.active)
  AND ($province IS NULL OR e.province_code = $province)
  AND ($city IS NULL OR e.city_code = $city)
  AND ($county IS NULL OR e.region_code = $county)
  AND ($park IS NULL OR EXISTS { (e)-[:IN_PARK]->(:Park {id: $park}) })
WITH e
ORDER BY e.id
WITH collect(e) AS found
RETURN size(found) AS total, [x IN found[$offset..$offset + $limit] | x {.*}] AS page
