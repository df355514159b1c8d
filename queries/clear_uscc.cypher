// Before an upsert, free the USCCs of the enterprises being written, so two of them may swap codes
// without tripping the unique constraint halfway through one statement.
UNWIND $rows AS row
MATCH (e:Enterprise {id: row.id})
REMOVE e.uscc
