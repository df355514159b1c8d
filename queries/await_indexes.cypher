// After a bulk import: wait (at most $seconds) until every index and constraint is online, so no query plans a scan.
CALL db.awaitIndexes($seconds)
