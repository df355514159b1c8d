MATCH (e:Enterprise)
RETURN e {.*} AS enterprise
ORDER BY e.id
