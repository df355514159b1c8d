// Before an upsert: the enterprises being written lose their SUBSIDIARY_OF edge; merge_subsidiaries draws the current one.
UNWIND $rows AS row
MATCH (:Enterprise {id: row.id})-[old:SUBSIDIARY_OF]->(:Enterprise)
DELETE old
