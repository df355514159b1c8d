MATCH (r:Region)
RETURN r {.*} AS region
ORDER BY r.code
