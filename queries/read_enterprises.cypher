// The property maps of the enterprises with these ids (those that exist), as one list (one record: the driver decodes
// a record at a time, and a few thousand of them cost more than the read).
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})
RETURN collect(e {.*}) AS enterprises
