UNWIND $ids AS id
MATCH (e:Enterprise {id: id})
RETURN e {.*} AS enterprise
