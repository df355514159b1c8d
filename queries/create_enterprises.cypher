// Fresh load (the database was just emptied): CREATE, no lookup. A batch is one transaction, rolled back
// whole before the driver retries it, so a retry cannot duplicate; the id constraint would refuse it anyway.
UNWIND $rows AS row
CREATE (e:Enterprise)
SET e = row
