// Enterprise search with only a county filter (the gap report's data note counts a scope's enterprises): the scan starts
// from the indexed scope, not from every enterprise; one page by id and the total, as find_enterprises_all answers.
MATCH (e:Enterprise {region_code: $county})
WHERE $include_inactive OR e.active
WITH DISTINCT e
ORDER BY e.id
WITH collect(e) AS found
RETURN size(found) AS total, [x IN found[$offset..$offset + $limit] | x {.*}] AS page
