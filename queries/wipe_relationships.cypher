// load --replace, first step: every relationship (but the regions' WITHIN edges when $keep_regions), in
// transactions of $batch_size. One scan for the whole run: a LIMIT loop would re-scan the deleted records each time.
MATCH ()-[r]->()
WHERE NOT ($keep_regions AND type(r) = 'WITHIN')
CALL (r) { DELETE r } IN TRANSACTIONS OF $batch_size ROWS
