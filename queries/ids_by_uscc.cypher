UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})
RETURN uscc, e.id AS id
